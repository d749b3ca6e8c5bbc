import type { Tx } from "../db";
import type { Deposit, Prisma } from "../generated/prisma/client";
import { writeEvent } from "../webhooks/record-event";
import { serializeDeposit } from "./serialize-deposit";

/**
 * Write a `deposit.detected` / `deposit.confirmed` / `deposit.reorged` event (the deposit as it is now in the caller's
 * transaction) and its deliveries: the outbox, committed with the state change. `heights` are the scanned heights the
 * deposit's confirmations are counted to.
 */
export async function recordDepositEvent(
  tx: Tx,
  opts: {
    deposit: Deposit;
    type: "deposit.detected" | "deposit.confirmed" | "deposit.reorged";
    heights: Map<string, bigint>;
    cause: Prisma.InputJsonValue;
    at: Date;
  },
): Promise<void> {
  await writeEvent(tx, {
    merchantId: opts.deposit.merchantId,
    livemode: opts.deposit.livemode,
    type: opts.type,
    data: { object: serializeDeposit(opts.deposit, opts.heights) as unknown as Prisma.InputJsonObject },
    cause: opts.cause,
    at: opts.at,
  });
}
