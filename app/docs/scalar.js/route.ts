import { scalarBundle } from "@/server/docs/api-reference";

// GET /docs/scalar.js: the pinned @scalar/api-reference browser bundle, from node_modules. /docs asks for it
// with the package's version in the query, so a cached copy never outlives an upgrade.
export async function GET(): Promise<Response> {
  const { source } = await scalarBundle();
  return new Response(new Uint8Array(source), {
    status: 200,
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
    },
  });
}
