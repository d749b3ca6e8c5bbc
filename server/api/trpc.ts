import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import { can, type Permission, type Role } from "../auth/permissions";
import { readSession, type Session } from "../auth/session";
import { db } from "../db";
import { AppError } from "../errors";
import { findMembership } from "../team/find-membership";

/** What every procedure sees: the request headers and the signed-in user, if any. */
export interface TRPCContext {
  headers: Headers;
  session: Session | null;
}

/** Build the context for one request (the route handler passes the incoming headers; tests may pass a session). */
export async function createTRPCContext(opts: { headers: Headers; session?: Session | null }): Promise<TRPCContext> {
  return {
    headers: opts.headers,
    session: opts.session !== undefined ? opts.session : await readSession(opts.headers),
  };
}

/** Procedure metadata: the permission a merchant procedure requires (tests read it to check every role). */
export interface ProcedureMeta {
  permission?: Permission;
}

const t = initTRPC
  .context<TRPCContext>()
  .meta<ProcedureMeta>()
  .create({
    // superjson so that bigint and Date survive the wire in the dashboard's procedures.
    transformer: superjson,
    errorFormatter({ shape, error }) {
      // An unexpected error's message can carry SQL or stack details: the client gets a generic one,
      // the real error is logged by the route handler's onError.
      if (error.code === "INTERNAL_SERVER_ERROR") {
        return { ...shape, message: "Internal server error", data: { ...shape.data, stack: undefined } };
      }
      const app = error.cause instanceof AppError ? error.cause : null;
      // An input that fails its schema: say what is wrong in words, not as a JSON dump of zod issues.
      const message =
        error.cause instanceof ZodError
          ? error.cause.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ")
          : shape.message;
      return { ...shape, message, data: { ...shape.data, appCode: app?.code ?? null, param: app?.param ?? null } };
    },
  });

/** The one mapping of AppError codes (by their HTTP status) to tRPC codes. */
const trpcCodeByStatus: Record<number, TRPCError["code"]> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_SUPPORTED",
  409: "CONFLICT",
  413: "PAYLOAD_TOO_LARGE",
  422: "UNPROCESSABLE_CONTENT",
  429: "TOO_MANY_REQUESTS",
};

/** Domain functions throw AppError; procedures answer with the matching tRPC code and the error's safe message. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({
      code: trpcCodeByStatus[cause.status] ?? "INTERNAL_SERVER_ERROR",
      message: cause.message,
      cause,
    });
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
/** A procedure anyone may call: the hosted payment page's data, sign-up, an invitation's preview. */
export const publicProcedure = t.procedure.use(appErrors);

/** A procedure for a signed-in user (any merchant or none): UNAUTHORIZED without a valid session. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { ...ctx, session: ctx.session } });
});

/** Every merchant procedure's input starts with the merchant and mode the dashboard is showing. */
export const merchantScope = z.object({
  merchantId: z.string().min(1).max(64),
  livemode: z.boolean(),
});

/** The merchant a procedure acts for, with the caller's role in it. */
export interface MerchantContext {
  id: string;
  livemode: boolean;
  role: Role;
}

/**
 * A procedure acting for one merchant: checks the session, the caller's membership of the merchant
 * named in the input, and that the caller's role holds `permission` (server/auth/permissions.ts).
 * FORBIDDEN otherwise. Handlers get `ctx.merchant` and `ctx.actor` (the user id, for audit rows).
 */
export function merchantProcedure(permission: Permission) {
  return authedProcedure
    .meta({ permission })
    .input(merchantScope)
    .use(async ({ ctx, input, next }) => {
      const membership = await findMembership(db(), { userId: ctx.session.userId, merchantId: input.merchantId });
      if (!membership) throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of this merchant." });
      if (!can(membership.role, permission)) {
        throw new TRPCError({ code: "FORBIDDEN", message: `Your role (${membership.role}) does not allow this.` });
      }
      const merchant: MerchantContext = { id: input.merchantId, livemode: input.livemode, role: membership.role };
      return next({ ctx: { ...ctx, merchant, actor: ctx.session.userId } });
    });
}
