import { inTransaction, type Db } from "../db";
import { AppError } from "../errors";
import { lockUserTotp } from "./lock-user-totp";

/**
 * Wrong codes are limited per person: 5 in a window of 15 minutes that starts at the first wrong one. The budget is
 * the login limiter's shape (server/auth/login-rate-limit.ts: a point taken atomically before the check, given back
 * unless the code was wrong, every failure forgotten on success), kept on the person's TOTP row rather than in
 * `auth_rate_limits` so that the success that forgets the failures commits in the same transaction as the action the
 * code confirmed. Only the signed-in person can spend their own budget, so nobody can lock another member out.
 */
export const CODE_ATTEMPTS_PER_WINDOW = 5;
export const CODE_ATTEMPT_WINDOW_MS = 15 * 60 * 1000;

/**
 * Take one attempt from the person's budget before a code is checked, in its own committed transaction (so that
 * parallel guesses are counted one by one). Errors: 403 `second_factor_required` (no TOTP row), 429 `rate_limited`
 * (the budget of the window is spent).
 */
export async function takeCodeAttempt(db: Db, opts: { userId: string; now: Date }): Promise<void> {
  const spent = await inTransaction(db, async (tx) => {
    const totp = await lockUserTotp(tx, opts.userId);
    if (!totp) {
      throw new AppError("second_factor_required", "Set up two-factor authentication first (Settings → Security).");
    }
    const windowOpen =
      totp.failedWindowStartedAt !== null &&
      opts.now.getTime() - totp.failedWindowStartedAt.getTime() < CODE_ATTEMPT_WINDOW_MS;
    const attempts = windowOpen ? totp.failedAttempts + 1 : 1;
    const startedAt = windowOpen ? totp.failedWindowStartedAt! : opts.now;
    await tx.userTotp.update({
      where: { userId: opts.userId },
      data: { failedAttempts: attempts, failedWindowStartedAt: startedAt },
    });
    return attempts > CODE_ATTEMPTS_PER_WINDOW
      ? Math.ceil((startedAt.getTime() + CODE_ATTEMPT_WINDOW_MS - opts.now.getTime()) / 60_000)
      : null;
  });
  if (spent !== null) {
    throw new AppError("rate_limited", `Too many wrong codes. Try again in ${Math.max(1, spent)} minutes.`);
  }
}

/** Give back the attempt taken for a check that failed for another reason than a wrong code. */
export async function giveBackCodeAttempt(db: Db, opts: { userId: string }): Promise<void> {
  await db.userTotp.updateMany({
    where: { userId: opts.userId, failedAttempts: { gt: 0 } },
    data: { failedAttempts: { decrement: 1 } },
  });
}
