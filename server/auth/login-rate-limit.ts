import pg from "pg";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "../env";

/**
 * Sign-in attempts are limited in PostgreSQL, not in process memory: app instances are stateless and
 * may be many (docs/operations.md), and a per-process budget would multiply by the instance count and
 * reset on every restart. A memory limiter stands in only while the database store is failing.
 *
 * Two budgets: per email address (a person's account cannot be guessed at: 10 attempts per 15 minutes)
 * and per client address (one client cannot spray many accounts: 100 per 15 minutes). A success clears
 * the email's budget. Sign-ups have a budget per client address too (20 per 15 minutes).
 */
const WINDOW_S = 15 * 60;
const PER_EMAIL = 10;
const PER_CLIENT = 100;
const SIGN_UPS_PER_CLIENT = 20;

interface Limiters {
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
    const pool = new pg.Pool({ connectionString: env().DATABASE_URL, max: 2 });
    const email = createLimiter(pool, "login_email", PER_EMAIL);
    const client = createLimiter(pool, "login_client", PER_CLIENT);
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

/** Count one sign-in attempt for this email and client; throws TooManyAttemptsError when either budget is spent. */
export async function consumeLoginAttempt(opts: { email: string; client: string }): Promise<void> {
  const { email, client } = await limiters();
  try {
    await Promise.all([email.consume(opts.email.toLowerCase()), client.consume(opts.client)]);
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

/** A successful sign-in clears the email's budget, so a person who finally remembers is not locked out later. */
export async function clearLoginAttempts(email: string): Promise<void> {
  await (await limiters()).email.delete(email.toLowerCase());
}
