import type { DbClient } from "../db";

/** The cursor of a network after taking its lease, or null when another worker holds the lease. */
export interface LeasedCursor {
  blockNumber: bigint | null;
  blockHash: string | null;
  /** A range starting at this block failed `failingAttempts` times in a row (scan-network.ts quarantines it). */
  failingFromBlock?: bigint | null;
  failingAttempts?: number;
}

/**
 * Take (or renew) the network's scan lease for `ttlMs`. One worker scans a network at a time; a
 * crashed worker's lease simply runs out. Creates the cursor row on first use.
 */
export async function acquireNetworkLease(
  tx: DbClient,
  opts: { networkId: string; chainId: number; owner: string; ttlMs: number },
): Promise<LeasedCursor | null> {
  await tx.$executeRaw`
    INSERT INTO network_cursors (network_id, chain_id, created_at, updated_at)
    VALUES (${opts.networkId}, ${opts.chainId}, now(), now())
    ON CONFLICT (network_id) DO NOTHING`;
  const rows = await tx.$queryRaw<
    {
      block_number: bigint | null;
      block_hash: string | null;
      failing_from_block: bigint | null;
      failing_attempts: number;
    }[]
  >`
    UPDATE network_cursors
       SET lease_owner = ${opts.owner}, lease_until = now() + ${opts.ttlMs}::int * interval '1 millisecond', updated_at = now()
     WHERE network_id = ${opts.networkId}
       AND (lease_until IS NULL OR lease_until < now() OR lease_owner = ${opts.owner})
    RETURNING block_number, block_hash, failing_from_block, failing_attempts`;
  const row = rows[0];
  return row
    ? {
        blockNumber: row.block_number,
        blockHash: row.block_hash,
        failingFromBlock: row.failing_from_block,
        failingAttempts: Number(row.failing_attempts),
      }
    : null;
}

/** Give the lease back so another worker need not wait for it to run out. */
export async function releaseNetworkLease(tx: DbClient, opts: { networkId: string; owner: string }): Promise<void> {
  await tx.$executeRaw`
    UPDATE network_cursors SET lease_owner = NULL, lease_until = NULL
     WHERE network_id = ${opts.networkId} AND lease_owner = ${opts.owner}`;
}
