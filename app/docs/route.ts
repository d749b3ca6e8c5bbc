import { docsContentSecurityPolicy, docsPageHtml, scalarBundle } from "@/server/docs/api-reference";

// GET /docs: the API reference (Scalar over /api/v1/openapi.json), with a Content-Security-Policy of its own.
export async function GET(): Promise<Response> {
  const { version } = await scalarBundle();
  return new Response(docsPageHtml(version), {
    status: 200,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": docsContentSecurityPolicy,
      "cache-control": "public, max-age=300",
      "x-content-type-options": "nosniff",
    },
  });
}
