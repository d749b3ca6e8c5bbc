import type { DbClient } from "../db";
import { authenticateUser, type SessionUser } from "./authenticate-user";
import { consumeLoginAttempt, forgiveLoginAttempt } from "./login-rate-limit";

/**
 * The dashboard's password sign-in: the rate limits, then the password check. Only failures spend the
 * budgets (login-rate-limit.ts). Returns the user, or null for a wrong email or password; throws
 * TooManyAttemptsError when this client's budget is spent.
 */
export async function signInWithPassword(
  tx: DbClient,
  opts: { email: string; password: string; client: string },
): Promise<SessionUser | null> {
  await consumeLoginAttempt({ email: opts.email, client: opts.client });
  const user = await authenticateUser(tx, { email: opts.email, password: opts.password });
  if (!user) return null;
  await forgiveLoginAttempt({ email: opts.email, client: opts.client });
  return user;
}
