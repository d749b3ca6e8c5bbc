import { toHex, type PublicClient } from "viem";
import type { DbClient } from "../db";

/** A stored block that the canonical chain still has. */
export interface CommonAncestor {
  number: bigint;
  hash: string;
}

/**
 * The highest stored block of the network (below `below`, if given) whose hash the canonical chain
 * still has, or null when none of the retained blocks is canonical any more (a reorg deeper than we
 * keep). Compares from the top in batches that double in size. An RPC failure throws: it is never
 * read as "not canonical", which would orphan payments that are fine.
 */
export async function findCommonAncestor(
  db: DbClient,
  client: PublicClient,
  networkId: string,
  opts: { below?: bigint } = {},
): Promise<CommonAncestor | null> {
  const stored = await db.blockHash.findMany({
    where: { networkId, ...(opts.below !== undefined ? { number: { lt: opts.below } } : {}) },
    orderBy: { number: "desc" },
    select: { number: true, hash: true },
  });
  let start = 0;
  for (let size = 8; start < stored.length; start += size, size *= 2) {
    const chunk = stored.slice(start, start + size);
    const canonical = await Promise.all(
      chunk.map(
        (b) =>
          client.request({ method: "eth_getBlockByNumber", params: [toHex(b.number), false] }) as Promise<{
            hash: string;
          } | null>,
      ),
    );
    // A null block is one the node does not have: the chain is shorter there now (a rollback).
    const i = chunk.findIndex((b, j) => canonical[j]?.hash.toLowerCase() === b.hash);
    if (i >= 0) return chunk[i]!;
  }
  return null;
}
