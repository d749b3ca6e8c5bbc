import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { errorResponse } from "@/server/api/rest";
import { withCappedBody } from "@/server/api/body-limit";
import { createTRPCContext } from "@/server/api/trpc";
import { env } from "@/server/env";
import { logger } from "@/server/logger";

// GET and POST /api/trpc/*: tRPC over fetch (GET for batched queries, POST for mutations)
async function handler(incoming: Request): Promise<Response> {
  let req: Request;
  try {
    // Read under the cap before tRPC buffers it: a larger body is a 413 with the API's error body.
    req = await withCappedBody(incoming, env().DASHBOARD_MAX_BODY_BYTES);
  } catch (error) {
    return errorResponse(error);
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createTRPCContext({ headers: req.headers }),
    onError({ error, path }) {
      // Expected errors (NOT_FOUND, bad input) are answers, not incidents; log only the unexpected.
      if (error.code === "INTERNAL_SERVER_ERROR")
        logger().error({ err: error.cause ?? error, path }, "tRPC procedure failed");
    },
  });
}

export { handler as GET, handler as POST };
