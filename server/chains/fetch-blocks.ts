import { toHex, type Hash, type PublicClient } from "viem";

/** A transaction of a scanned block, reduced to what native-transfer matching needs. */
export interface ScannedTransaction {
  hash: Hash;
  /** Lowercase. */
  from: string;
  /** Lowercase; null for a contract creation. */
  to: string | null;
  value: bigint;
}

/** A block as the scanner keeps it. Hashes are lowercase. */
export interface ScannedBlock {
  number: bigint;
  hash: Hash;
  parentHash: Hash;
  transactions: ScannedTransaction[];
}

interface RawBlock {
  number: `0x${string}`;
  hash: Hash;
  parentHash: Hash;
  transactions: { hash: Hash; from: string; to: string | null; value: `0x${string}` }[] | Hash[];
}

/**
 * Blocks `from`..`to` with their full transactions, one `eth_getBlockByNumber` each (sent together as
 * JSON-RPC batches). Stops at the first block the node does not have yet (a node behind its own
 * reported head), so the result may be shorter than asked, and empty.
 */
export async function fetchBlocks(
  client: PublicClient,
  range: { from: bigint; to: bigint },
  opts: { transactions?: boolean } = {},
): Promise<ScannedBlock[]> {
  const full = opts.transactions ?? true;
  const numbers: bigint[] = [];
  for (let n = range.from; n <= range.to; n++) numbers.push(n);
  // Raw calls: viem's block formatter costs more than the scan itself on blocks with thousands of transactions.
  const raw = await Promise.all(
    numbers.map(
      (n) => client.request({ method: "eth_getBlockByNumber", params: [toHex(n), full] }) as Promise<RawBlock | null>,
    ),
  );
  const blocks: ScannedBlock[] = [];
  for (const b of raw) {
    if (!b) break;
    blocks.push({
      number: BigInt(b.number),
      hash: b.hash.toLowerCase() as Hash,
      parentHash: b.parentHash.toLowerCase() as Hash,
      transactions: full
        ? (b.transactions as Exclude<RawBlock["transactions"], Hash[]>).map((t) => ({
            hash: t.hash.toLowerCase() as Hash,
            from: t.from.toLowerCase(),
            to: t.to ? t.to.toLowerCase() : null,
            value: BigInt(t.value),
          }))
        : [],
    });
  }
  return blocks;
}
