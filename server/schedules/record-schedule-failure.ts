import type { DbClient } from "../db";
import { AppError } from "../errors";

const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 3_600_000;

/**
 * Note that running a due schedule failed, and when to try again: after a minute, doubling with each
 * consecutive failure up to an hour (a price feed or a network that is down should not be asked every
 * tick). The period stays due: when it succeeds, the invoice is of the latest period due then. The error's
 * message is kept for the dashboard only when it is an AppError (safe to show); anything else says "internal error".
 */
export async function recordScheduleFailure(
  db: DbClient,
  opts: { id: string; error: unknown; now: Date },
): Promise<void> {
  const current = await db.invoiceSchedule.findUnique({ where: { id: opts.id }, select: { failures: true } });
  if (!current) return;
  const failures = current.failures + 1;
  const delay = Math.min(FIRST_RETRY_MS * 2 ** Math.min(failures - 1, 20), MAX_RETRY_MS);
  const message = opts.error instanceof AppError ? `${opts.error.code}: ${opts.error.message}` : "internal error";
  await db.invoiceSchedule.updateMany({
    where: { id: opts.id, status: "active" },
    data: { failures, retryAt: new Date(opts.now.getTime() + delay), lastError: message.slice(0, 500) },
  });
}
