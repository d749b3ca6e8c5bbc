import { json } from "@/server/api/rest";

// Any other /api/v1 path: a JSON 404 rather than an HTML page
function notFound(request: Request): Response {
  const path = new URL(request.url).pathname;
  return json(404, {
    error: {
      type: "invalid_request_error",
      code: "not_found",
      message: `Unrecognized request URL (${request.method}: ${path}).`,
    },
  });
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
