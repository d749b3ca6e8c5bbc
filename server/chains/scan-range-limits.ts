/** How many consecutive full-size ranges must pass before a shrunk range is allowed to double again. */
const GROW_AFTER = 32;

/**
 * Per network, the largest block range the provider currently accepts for one scan. Starts
 * unlimited; halves when the provider caps `eth_getLogs`; doubles again after a run of ranges that
 * passed at the limit, because result caps follow the chain's activity. Process memory is enough:
 * a restarted worker relearns the limit with one refused call.
 */
export class ScanRangeLimits {
  private readonly limits = new Map<string, { size: bigint; passes: number }>();

  /** The range size to try next for the network, at most `max`. */
  sizeFor(networkId: string, max: bigint): bigint {
    const limit = this.limits.get(networkId);
    return limit && limit.size < max ? limit.size : max;
  }

  /** The provider refused a range of `size` blocks: the next ones are half as large (at least 1). */
  refused(networkId: string, size: bigint): bigint {
    const half = size / 2n > 0n ? size / 2n : 1n;
    this.limits.set(networkId, { size: half, passes: 0 });
    return half;
  }

  /** A range of `size` blocks passed; after enough full-size passes the limit doubles. */
  passed(networkId: string, size: bigint): void {
    const limit = this.limits.get(networkId);
    if (!limit || size < limit.size) return;
    limit.passes++;
    if (limit.passes >= GROW_AFTER) this.limits.set(networkId, { size: limit.size * 2n, passes: 0 });
  }
}

/** The process's limits, shared by every scan that is not given its own. */
export const processScanRangeLimits = new ScanRangeLimits();
