import type { DbClient } from "../db";

/** A lane as its lease holder sees it. */
export interface LeasedLane {
  id: string;
  networkId: string;
  livemode: boolean;
  keyPath: string;
  address: string | null;
  nextNonce: bigint | null;
  frozenAt: Date | null;
}

/**
 * Take (or renew) the lane's lease for `ttlMs`, as the chain cursor's (network-lease.ts): one worker sends
 * from a lane at a time, and a crashed worker's lease runs out. Null when another worker holds it.
 */
export async function acquireLaneLease(
  db: DbClient,
  opts: { laneId: string; owner: string; ttlMs: number },
): Promise<LeasedLane | null> {
  const rows = await db.$queryRaw<
    {
      id: string;
      network_id: string;
      livemode: boolean;
      key_path: string;
      address: string | null;
      next_nonce: bigint | null;
      frozen_at: Date | null;
    }[]
  >`
    UPDATE tx_lanes
       SET lease_owner = ${opts.owner}, lease_until = now() + ${opts.ttlMs}::int * interval '1 millisecond', updated_at = now()
     WHERE id = ${opts.laneId}
       AND (lease_until IS NULL OR lease_until < now() OR lease_owner = ${opts.owner})
    RETURNING id, network_id, livemode, key_path, address, next_nonce, frozen_at`;
  const row = rows[0];
  return row
    ? {
        id: row.id,
        networkId: row.network_id,
        livemode: row.livemode,
        keyPath: row.key_path,
        address: row.address,
        nextNonce: row.next_nonce,
        frozenAt: row.frozen_at,
      }
    : null;
}

/** Give the lane's lease back so another worker need not wait for it to run out. */
export async function releaseLaneLease(db: DbClient, opts: { laneId: string; owner: string }): Promise<void> {
  await db.$executeRaw`
    UPDATE tx_lanes SET lease_owner = NULL, lease_until = NULL WHERE id = ${opts.laneId} AND lease_owner = ${opts.owner}`;
}

/**
 * Lock the lane row for the rest of `tx` if this worker still holds its lease and it is not frozen: the
 * fence every write that signs something passes, so that a worker whose lease ran out mid-pass stores nothing.
 */
export async function lockLeasedLane(
  tx: DbClient,
  opts: { laneId: string; owner: string },
): Promise<{ nextNonce: bigint | null } | null> {
  const rows = await tx.$queryRaw<{ next_nonce: bigint | null }[]>`
    SELECT next_nonce FROM tx_lanes
     WHERE id = ${opts.laneId} AND lease_owner = ${opts.owner} AND lease_until > now() AND frozen_at IS NULL
     FOR UPDATE`;
  return rows[0] ? { nextNonce: rows[0].next_nonce } : null;
}
