import type { z } from "zod";
import type { ApiKeyAuth } from "../auth/api-keys";
import { scopeGrants, type RouteScope } from "../auth/api-scopes";
import { db } from "../db";
import { AppError } from "../errors";
import { logger } from "../logger";
import { env } from "../env";
import { RateLimitedError, authenticateApiRequest } from "./api-rate-limit";
import { withCappedBody } from "./body-limit";
import { withIdempotency } from "./idempotency/with-idempotency";

/** A JSON response with the API's headers. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
  });
}

/** The API error body (docs/api.md) of any thrown value; a non-AppError is logged and becomes an opaque 500. */
export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    const headers: Record<string, string> =
      error instanceof RateLimitedError ? { "retry-after": String(error.retryAfterS) } : {};
    return json(
      error.status,
      {
        error: {
          type: error.type,
          code: error.code,
          message: error.message,
          ...(error.param ? { param: error.param } : {}),
        },
      },
      headers,
    );
  }
  logger().error({ err: error }, "unhandled API error");
  return json(500, {
    error: { type: "api_error", code: "internal", message: "Something went wrong on our side. Try again later." },
  });
}

/** Parse and validate a JSON body: malformed JSON is a 400, a schema violation a 422 naming the parameter. */
export async function readBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().includes("application/json")) {
    throw new AppError("invalid_request", "Send the request body as JSON with `Content-Type: application/json`.");
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await request.text());
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.");
  }
  rejectNulBytes(raw, []);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw zodToAppError(parsed.error, raw);
  return parsed.data;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

// PostgreSQL text cannot hold U+0000: a NUL byte reaching a query is a database error (a 500), so every
// string a client sends is checked here, before any schema or query sees it.
function rejectNulBytes(value: unknown, path: (string | number)[]): void {
  const param = () => path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
  if (typeof value === "string") {
    if (value.includes("\u0000")) {
      throw new AppError(
        "parameter_invalid",
        path.length ? `Invalid ${param()}: contains a NUL character.` : "The request contains a NUL character.",
        path.length ? { param: param() } : {},
      );
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => rejectNulBytes(item, [...path, i]));
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes("\u0000")) throw new AppError("parameter_invalid", "A parameter name contains a NUL character.");
      rejectNulBytes(item, [...path, key]);
    }
  }
}

/** Path parameters are identifiers (`inv_…`) or file names (`invoices.csv`): anything else names nothing. */
const PATH_PARAM = /^[A-Za-z0-9_.-]{1,128}$/;

/** Every path parameter of a route well-formed, or a 404 (a NUL byte or a stray character never reaches a query). */
export function checkPathParams(params: unknown): void {
  if (params === null || typeof params !== "object") return;
  for (const value of Object.values(params)) {
    if (typeof value === "string" && !PATH_PARAM.test(value)) {
      throw new AppError("resource_missing", "No such resource: the identifier in the URL is malformed.");
    }
  }
}

/** Parse and validate the query string; a violation is a 422 naming the parameter. */
export function readQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const raw = Object.fromEntries(new URL(request.url).searchParams);
  rejectNulBytes(raw, []);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw zodToAppError(parsed.error, raw);
  return parsed.data;
}

/** The first issue of a zod error (on `input`) as a 422 AppError with a dotted `param`. */
export function zodToAppError(error: z.ZodError, input: unknown): AppError {
  const issue = error.issues[0];
  if (!issue) return new AppError("parameter_invalid", "Invalid request.");
  const param = issue.path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("");
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    const full = param ? `${param}.${key}` : key;
    return new AppError("parameter_unknown", `Received unknown parameter: ${full}.`, { param: full });
  }
  if (issue.code === "invalid_type" && param !== "" && valueAt(input, issue.path) === undefined) {
    return new AppError("parameter_missing", `Missing required parameter: ${param}.`, { param });
  }
  if (issue.code === "invalid_type" && param === "") {
    return new AppError("invalid_request", "The request body must be a JSON object.");
  }
  return new AppError(
    "parameter_invalid",
    param ? `Invalid ${param}: ${issue.message}` : issue.message,
    param ? { param } : {},
  );
}

type RouteContext<P> = { params: Promise<P> };

/**
 * Wrap a public API route handler: read the body under API_MAX_BODY_BYTES (413 past it, counted as it
 * streams), authenticate the API key and count the request against its rate limit in one statement (429 with
 * `Retry-After`), check that the key holds the route's `scope` (a restricted key without it: 403
 * `insufficient_scope`), run the handler, and turn errors into the API's error bodies. The handler gets the
 * merchant and mode of the key. Every POST honours an `Idempotency-Key` header (see idempotency/with-idempotency.ts).
 * The scope is a required argument: a route that does not declare one does not compile. A route whose
 * bodies are lists (a payout batch of 1,000 items) may raise the body cap with `opts.maxBodyBytes`.
 */
export function apiRoute<P = Record<string, never>>(
  scope: RouteScope,
  handler: (request: Request, auth: ApiKeyAuth, params: P) => Promise<Response>,
  opts: { maxBodyBytes?: number } = {},
): (request: Request, context: RouteContext<P>) => Promise<Response> {
  return async (incoming, context) => {
    try {
      // Before anything else, so that no caller, authenticated or not, makes the server hold more than the cap.
      const request = await withCappedBody(incoming, Math.max(env().API_MAX_BODY_BYTES, opts.maxBodyBytes ?? 0));
      // The key and its rate limit in one statement: a spent budget is a 429 whatever the route's scope.
      const auth = await authenticateApiRequest(request.headers.get("authorization"));
      if (!scopeGrants(auth.scopes, scope)) {
        throw new AppError(
          "insufficient_scope",
          `This API key is restricted and lacks the \`${scope}\` scope this request needs.`,
        );
      }
      const run = async () => {
        try {
          const params = await context.params;
          checkPathParams(params);
          return await handler(request, auth, params);
        } catch (error) {
          return errorResponse(error);
        }
      };
      return request.method === "POST" ? await withIdempotency(db(), { request, auth, run }) : await run();
    } catch (error) {
      return errorResponse(error);
    }
  };
}
