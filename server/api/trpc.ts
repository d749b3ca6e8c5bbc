import "server-only";
import { initTRPC } from "@trpc/server";
import superjson from "superjson";

/** What every procedure sees. Only the request headers for now; the session joins when auth lands. */
export interface TRPCContext {
  headers: Headers;
}

/** Build the context for one request (the route handler passes the incoming headers). */
export function createTRPCContext(opts: { headers: Headers }): TRPCContext {
  return { headers: opts.headers };
}

const t = initTRPC.context<TRPCContext>().create({
  // superjson so that bigint and Date survive the wire in the dashboard's procedures.
  transformer: superjson,
  errorFormatter({ shape, error }) {
    // An unexpected error's message can carry SQL or stack details: the client gets a generic one,
    // the real error is logged by the route handler's onError.
    if (error.code !== "INTERNAL_SERVER_ERROR") return shape;
    return { ...shape, message: "Internal server error", data: { ...shape.data, stack: undefined } };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
/** A procedure anyone may call: the hosted payment page's data. */
export const publicProcedure = t.procedure;
