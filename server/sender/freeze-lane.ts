import type { DbClient } from "../db";
import { logger } from "../logger";

/** The message of the alert a frozen lane raises (operators match on it). */
export const LANE_FROZEN_ALERT = "transaction lane frozen";

/**
 * Freeze a lane: nothing more is signed or sent from it until an operator unfreezes it (`payrail lanes
 * unfreeze`). Used when the chain's nonce passed one of ours with a transaction we never stored: the key is
 * used elsewhere, and sending on would race whoever holds it. Logs the alert at error level once.
 */
export async function freezeLane(
  db: DbClient,
  opts: { laneId: string; networkId: string; address: string; reason: string; at?: Date },
): Promise<void> {
  const { count } = await db.txLane.updateMany({
    where: { id: opts.laneId, frozenAt: null },
    data: { frozenAt: opts.at ?? new Date(), frozenReason: opts.reason },
  });
  if (count === 1)
    logger().error(
      { lane: opts.laneId, network: opts.networkId, address: opts.address, reason: opts.reason },
      LANE_FROZEN_ALERT,
    );
}
