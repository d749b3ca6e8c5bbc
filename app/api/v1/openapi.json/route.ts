import { buildOpenApiDocument } from "@/server/api/openapi";

// GET /api/v1/openapi.json: the OpenAPI 3.1 document of this API, generated from the request and
// response schemas. Public (no API key), cacheable. This static segment wins over ../[...path].
export function GET(): Response {
  return new Response(JSON.stringify(buildOpenApiDocument()), {
    status: 200,
    headers: {
      "content-type": "application/json",
      "cache-control": "public, max-age=300",
      "access-control-allow-origin": "*",
    },
  });
}
