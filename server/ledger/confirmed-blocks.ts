import type { DbClient } from "../db";
import type { Network } from "../chains/networks";

/** The block a network is reconciled at, or why it cannot be yet. */
export type ConfirmedBlock =
  | { networkId: string; status: "checked"; blockNumber: bigint; scannedBlock: bigint }
  | { networkId: string; status: "not_scanned"; blockNumber: null; scannedBlock: bigint | null };

/**
 * Per network, the newest block whose payments are all final: the scanner's cursor (the last block it
 * fully processed) less the required confirmations plus one, the same rule that confirms a payment. A
 * network the scanner has not reached that far (no cursor, or fewer blocks than its confirmations) is
 * `not_scanned`: there is no confirmed block to compare at.
 */
export async function confirmedBlocks(
  db: DbClient,
  networks: readonly Pick<Network, "id" | "confirmations">[],
): Promise<ConfirmedBlock[]> {
  const cursors = await db.networkCursor.findMany({
    where: { networkId: { in: networks.map((n) => n.id) } },
    select: { networkId: true, blockNumber: true },
  });
  const scanned = new Map(cursors.map((c) => [c.networkId, c.blockNumber]));
  return networks.map((n): ConfirmedBlock => {
    const cursor = scanned.get(n.id) ?? null;
    const block = cursor === null ? null : cursor - BigInt(n.confirmations) + 1n;
    if (cursor === null || block === null || block < 0n) {
      return { networkId: n.id, status: "not_scanned", blockNumber: null, scannedBlock: cursor };
    }
    return { networkId: n.id, status: "checked", blockNumber: block, scannedBlock: cursor };
  });
}
