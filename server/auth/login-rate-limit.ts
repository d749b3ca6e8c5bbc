import type pg from "pg";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { createPgPool } from "../db/pg-pool";
import { env } from "../env";

/**
 * Sign-in attempts are limited in PostgreSQL, not in process memory: app instances are stateless and
 * may be many (docs/operations.md), and a per-process budget would multiply by the instance count and
 * reset on every restart. A memory limiter stands in only while the database store is failing.
 *
 * Only failed sign-ins count, in two budgets: per email address and client address together (one client
 * cannot guess at a person's password: 10 failures per 15 minutes) and per client address (one client
 * cannot spray many accounts: 100 failures per 15 minutes). Neither is per email alone: then anyone could
 * lock an owner out by failing on purpose. Sign-ups have a budget per client address too (20 per 15 minutes).
 */
const WINDOW_S = 15 * 60;
const PER_EMAIL = 10;
const PER_CLIENT = 100;
const SIGN_UPS_PER_CLIENT = 20;

interface Limiters {
  /** Keyed by `email client`. */
  email: RateLimiterPostgres;
  client: RateLimiterPostgres;
  signUp: RateLimiterPostgres;
}

const globalForLimits = globalThis as unknown as { payrailLoginLimiters?: Promise<Limiters> };

/**
 * A limiter over the `auth_rate_limits` table. With `tableCreated` the library creates nothing and calls
 * back synchronously, inside its constructor, so the limiter is built plainly rather than through its callback.
 */
function createLimiter(pool: pg.Pool, keyPrefix: string, points: number): RateLimiterPostgres {
  return new RateLimiterPostgres({
    storeClient: pool,
    storeType: "pool",
    // A migration creates the table (prisma/migrations/*_auth_rate_limits), so the app's database role
    // needs no CREATE privilege and `migrate create` sees the table in prisma/schema.prisma.
    tableName: "auth_rate_limits",
    tableCreated: true,
    keyPrefix,
    points,
    duration: WINDOW_S,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: WINDOW_S }),
  });
}

function limiters(): Promise<Limiters> {
  globalForLimits.payrailLoginLimiters ??= (async () => {
    const pool = createPgPool(env().DATABASE_URL, { max: 2 });
    const email = createLimiter(pool, "login_failed_email_client", PER_EMAIL);
    const client = createLimiter(pool, "login_failed_client", PER_CLIENT);
    const signUp = createLimiter(pool, "signup_client", SIGN_UPS_PER_CLIENT);
    return { email, client, signUp };
  })().catch((error: unknown) => {
    globalForLimits.payrailLoginLimiters = undefined;
    throw error;
  });
  return globalForLimits.payrailLoginLimiters;
}

/** Thrown when a budget is spent; `retryAfterS` says when the next attempt is allowed. */
export class TooManyAttemptsError extends Error {
  constructor(
    readonly retryAfterS: number,
    what = "sign-in attempts",
  ) {
    super(`Too many ${what}. Try again in ${Math.max(1, Math.ceil(retryAfterS / 60))} minutes.`);
    this.name = "TooManyAttemptsError";
  }
}

const pairKey = (opts: { email: string; client: string }) => `${opts.email.trim().toLowerCase()} ${opts.client}`;

/**
 * Count one sign-in attempt for this email and client before the password is checked; throws
 * TooManyAttemptsError when either budget is spent. The point is taken first (atomically, so parallel
 * guesses cannot all slip through) and given back by `forgiveLoginAttempt` when the attempt succeeds.
 */
export async function consumeLoginAttempt(opts: { email: string; client: string }): Promise<void> {
  const { email, client } = await limiters();
  try {
    await Promise.all([email.consume(pairKey(opts)), client.consume(opts.client)]);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw new TooManyAttemptsError(error.msBeforeNext / 1000);
    throw error;
  }
}

/** Count one sign-up from this client; throws TooManyAttemptsError when its budget is spent. */
export async function consumeSignUpAttempt(client: string): Promise<void> {
  try {
    await (await limiters()).signUp.consume(client);
  } catch (error) {
    if (error instanceof RateLimiterRes)
      throw new TooManyAttemptsError(error.msBeforeNext / 1000, "sign-ups from this address");
    throw error;
  }
}

/**
 * A successful sign-in counts for nothing: the client's point is given back, and the failures of this
 * email from this client are forgotten (a person who finally remembers is not locked out later).
 */
export async function forgiveLoginAttempt(opts: { email: string; client: string }): Promise<void> {
  const { email, client } = await limiters();
  await Promise.all([email.delete(pairKey(opts)), client.reward(opts.client, 1)]);
}
