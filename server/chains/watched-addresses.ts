import type { DbTx } from "../db";

/** Deposit addresses still watched (until their monitoring window ends), lowercase address → invoice id. */
export async function loadWatchedAddresses(tx: DbTx, opts: { livemode: boolean; now: Date }): Promise<Map<string, string>> {
  const rows = await tx.depositAddress.findMany({
    where: { livemode: opts.livemode, watchUntil: { gt: opts.now } },
    select: { address: true, invoiceId: true },
  });
  return new Map(rows.map((r) => [r.address, r.invoiceId]));
}
