import { inTransaction, type Db } from "../db";
import { randomBase62 } from "../ids";
import { logger } from "../logger";
import { redactText } from "../redact-secrets";
import type { RangeApplyError } from "./apply-scanned-range";
import type { ScannedBlock } from "./fetch-blocks";
import type { LeasedCursor } from "./network-lease";
import type { Network } from "./networks";

/** How many times in a row a block's recording may fail before it is quarantined. */
export const QUARANTINE_AFTER = 3;

/**
 * Count a failed attempt at recording the range that starts at `fromBlock` on the network's cursor: the same start
 * as last time adds one, another start counts one. Returns the attempts so far. (A range that then succeeds
 * clears the count, in applyScannedRange's transaction.)
 */
export async function recordRangeFailure(db: Db, opts: { networkId: string; fromBlock: bigint }): Promise<number> {
  const rows = await db.$queryRaw<{ failing_attempts: number }[]>`
    UPDATE network_cursors
       SET failing_attempts = CASE WHEN failing_from_block = ${opts.fromBlock} THEN failing_attempts + 1 ELSE 1 END,
           failing_from_block = ${opts.fromBlock}, updated_at = now()
     WHERE network_id = ${opts.networkId}
    RETURNING failing_attempts`;
  return Number(rows[0]?.failing_attempts ?? 1);
}

/**
 * Skip one block whose recording keeps failing, so that the network's other payments are still seen: record it in
 * `scan_quarantines` (with the error), store its hash and move the cursor onto it by compare-and-set from where the
 * lease found it, in one transaction, and log an alert (`alert: "scan_range_quarantined"`). Its transfers are
 * not recorded until an operator rescans it (rescanQuarantinedRange). Throws CursorMovedError-like errors when
 * another scanner moved the cursor first (nothing written).
 */
export async function quarantineRange(
  db: Db,
  opts: { network: Network; lease: LeasedCursor; failure: RangeApplyError; attempts: number; block: ScannedBlock },
): Promise<string> {
  const { network, block } = opts;
  const id = `sq_${randomBase62(22)}`;
  const lastError = redactText(
    String((opts.failure.cause as Error | undefined)?.message ?? opts.failure.message),
  ).slice(0, 2_000);
  await inTransaction(db, async (tx) => {
    await tx.scanQuarantine.create({
      data: {
        id,
        networkId: network.id,
        fromBlock: block.number,
        toBlock: block.number,
        toBlockHash: block.hash,
        attempts: opts.attempts,
        lastError,
      },
    });
    await tx.blockHash.deleteMany({ where: { networkId: network.id, number: { gte: block.number } } });
    await tx.blockHash.create({
      data: { networkId: network.id, number: block.number, hash: block.hash, parentHash: block.parentHash },
    });
    const moved = await tx.networkCursor.updateMany({
      where: { networkId: network.id, blockNumber: opts.lease.blockNumber, blockHash: opts.lease.blockHash },
      data: { blockNumber: block.number, blockHash: block.hash, failingFromBlock: null, failingAttempts: 0 },
    });
    if (moved.count !== 1) throw new Error(`cursor of ${network.id} moved during the quarantine of ${block.number}`);
  });
  logger().error(
    {
      alert: "scan_range_quarantined",
      network: network.id,
      quarantine: id,
      fromBlock: block.number.toString(),
      toBlock: block.number.toString(),
      attempts: opts.attempts,
      error: lastError,
    },
    `block ${block.number} of ${network.id} failed to record ${opts.attempts} times: quarantined and skipped; ` +
      `payments in it are not seen until an operator runs \`npm run payrail -- scan rescan-quarantined\``,
  );
  return id;
}
