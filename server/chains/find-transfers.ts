import { parseAbiItem, type Block, type Hash, type Log, type PublicClient } from "viem";
import type { Network } from "./networks";

export const transferEvent = parseAbiItem("event Transfer(address indexed from, address indexed to, uint256 value)");

/** A transfer to a watched address found in a block range. Addresses are lowercase. */
export interface FoundTransfer {
  invoiceId: string;
  asset: string;
  tokenAddress: string | null;
  decimals: number;
  txHash: Hash;
  /** -1 for a native transfer. */
  logIndex: number;
  from: string;
  to: string;
  amount: bigint;
  blockNumber: bigint;
  blockHash: Hash;
}

/**
 * Native transfers (from the blocks' full transactions, kept only when their receipt succeeded) and
 * ERC-20 Transfer logs (one `eth_getLogs` across all token contracts) to watched addresses.
 * The RPC calls do not depend on how many addresses are watched: matching happens in memory.
 */
export async function findTransfers(
  client: PublicClient,
  network: Network,
  blocks: Block<bigint, true>[],
  watched: Map<string, string>,
): Promise<FoundTransfer[]> {
  const first = blocks[0];
  const last = blocks[blocks.length - 1];
  if (!first || !last || watched.size === 0) return [];
  const found: FoundTransfer[] = [];

  const native = blocks.flatMap((b) =>
    b.transactions
      .filter((t) => t.to && t.value > 0n && watched.has(t.to.toLowerCase()))
      .map((t) => ({ t, b })),
  );
  const receipts = await Promise.all(native.map(({ t }) => client.getTransactionReceipt({ hash: t.hash })));
  native.forEach(({ t, b }, i) => {
    if (receipts[i]?.status !== "success" || !t.to) return;
    const to = t.to.toLowerCase();
    found.push({
      invoiceId: watched.get(to)!, asset: network.nativeAsset.symbol, tokenAddress: null, decimals: network.nativeAsset.decimals,
      txHash: t.hash, logIndex: -1, from: t.from.toLowerCase(), to, amount: t.value, blockNumber: b.number!, blockHash: b.hash!,
    });
  });

  const tokens = network.tokens;
  if (tokens.length > 0) {
    const logs: Log<bigint, number, false, typeof transferEvent>[] = await client.getLogs({
      address: tokens.map((t) => t.tokenAddress!),
      event: transferEvent,
      fromBlock: first.number!,
      toBlock: last.number!,
    });
    const hashes = new Map(blocks.map((b) => [b.number!, b.hash!]));
    for (const log of logs) {
      const to = log.args.to?.toLowerCase();
      const invoiceId = to ? watched.get(to) : undefined;
      if (!to || !invoiceId || log.removed || !log.args.value || log.args.value <= 0n) continue;
      // A log from a block other than the one we fetched means the chain moved under us; the
      // parent-hash check on the next range will rewind, so skip it here rather than credit it.
      if (hashes.get(log.blockNumber) !== log.blockHash) continue;
      const token = tokens.find((t) => t.tokenAddress!.toLowerCase() === log.address.toLowerCase());
      if (!token) continue;
      found.push({
        invoiceId, asset: token.symbol, tokenAddress: token.tokenAddress!.toLowerCase(), decimals: token.decimals,
        txHash: log.transactionHash, logIndex: log.logIndex, from: (log.args.from ?? "0x").toLowerCase(), to,
        amount: log.args.value, blockNumber: log.blockNumber, blockHash: log.blockHash,
      });
    }
  }
  return found;
}
