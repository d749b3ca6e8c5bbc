import type { Db } from "../db";
import { logger } from "../logger";
import { toDbDecimal } from "../money";

/** Wait before broadcasting a refused transaction again after its first refusal; doubled at each refusal in a row. */
export const REFUSAL_FIRST_DELAY_MS = 1_000;
/** The longest wait between two broadcasts of a refused transaction. */
export const REFUSAL_MAX_DELAY_MS = 60_000;
/** A refusal with an unchanged reason is logged at warn only every this many (once an hour at the cap): debug otherwise. */
export const REFUSAL_WARN_EVERY = 60;

/** Milliseconds to wait after the `refusals`-th refusal in a row (1 → 1 s, 2 → 2 s, 3 → 4 s..., capped at 60 s). */
export function refusalDelayMs(refusals: number): number {
  if (refusals < 1) return 0;
  // 2^6 s already passes the cap: no need to compute larger powers.
  return Math.min(REFUSAL_FIRST_DELAY_MS * 2 ** Math.min(refusals - 1, 6), REFUSAL_MAX_DELAY_MS);
}

/**
 * Record that a node refused a broadcast of an outgoing transaction (its balance does not cover the gas, say): one
 * more refusal in a row, its reason, and the time before which the sender does not broadcast it again
 * ({@link refusalDelayMs} after `now`). Logged at warn on the first refusal, when the reason changes and every
 * {@link REFUSAL_WARN_EVERY}th time; at debug otherwise, so an unfunded wallet does not flood the logs. `balance` is
 * the sender's balance (wei) read after the refusal (null when it could not be read): a pass that sees more sends at
 * once (the wallet was funded). The stored attempts (raw bytes, nonce) are untouched: only their next broadcast waits.
 * Call under the lane's lease.
 */
export async function recordRefusal(
  db: Db,
  opts: {
    outgoingTransactionId: string;
    networkId: string;
    nonce: bigint | null;
    attempt: number;
    reason: string;
    balance: bigint | null;
    now: Date;
  },
): Promise<{ refusals: number; nextAttemptAt: Date }> {
  const before = await db.outgoingTransaction.findUniqueOrThrow({
    where: { id: opts.outgoingTransactionId },
    select: { refusals: true, refusalReason: true, refusedSince: true },
  });
  const refusals = before.refusals + 1;
  const nextAttemptAt = new Date(opts.now.getTime() + refusalDelayMs(refusals));
  await db.outgoingTransaction.update({
    where: { id: opts.outgoingTransactionId },
    data: {
      refusals,
      refusalReason: opts.reason,
      refusedSince: before.refusedSince ?? opts.now,
      nextAttemptAt,
      refusedBalance: opts.balance === null ? null : toDbDecimal(opts.balance),
    },
  });
  const fields = {
    outgoingTransaction: opts.outgoingTransactionId,
    network: opts.networkId,
    nonce: opts.nonce?.toString() ?? null,
    attempt: opts.attempt,
    reason: opts.reason,
    refusals,
    nextAttemptAt: nextAttemptAt.toISOString(),
    balance: opts.balance?.toString() ?? null,
  };
  const notable = refusals === 1 || opts.reason !== before.refusalReason || refusals % REFUSAL_WARN_EVERY === 0;
  if (notable) logger().warn(fields, "outgoing transaction not accepted by the node");
  else logger().debug(fields, "outgoing transaction not accepted by the node");
  return { refusals, nextAttemptAt };
}
