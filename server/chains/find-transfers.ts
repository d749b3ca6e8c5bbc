import type { Hash, PublicClient } from "viem";
import type { ScannedBlock } from "./fetch-blocks";
import type { TransferLog } from "./get-transfer-logs";
import type { Network } from "./networks";
import type { WatchedAddresses, WatchedOwner } from "./watched-addresses";

/** A transfer to a watched address found in a block range. Addresses and hashes are lowercase. */
export interface FoundTransfer {
  /** The invoice whose deposit address received it, or null for a customer's deposit (`customerId`). */
  invoiceId: string | null;
  customerId: string | null;
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
 * The transfers to watched addresses (invoices' and customers' alike) in already fetched blocks and Transfer logs, matched in memory
 * (a map lookup per transaction and per log, whatever the number of watched addresses). Native
 * transfers count only when their receipt succeeded in the same block: one receipt per candidate,
 * which grows with payments received, never with addresses watched.
 */
export async function findTransfers(
  client: PublicClient,
  network: Pick<Network, "nativeAsset" | "tokens">,
  blocks: ScannedBlock[],
  logs: TransferLog[],
  watched: WatchedAddresses,
): Promise<FoundTransfer[]> {
  if (watched.size === 0) return [];
  const found: FoundTransfer[] = [];
  const hashes = new Map(blocks.map((b) => [b.number, b.hash]));

  const native: { tx: ScannedBlock["transactions"][number]; block: ScannedBlock; owner: WatchedOwner }[] = [];
  for (const block of blocks) {
    for (const tx of block.transactions) {
      const owner = tx.to && tx.value > 0n ? watched.ownerOf(tx.to) : undefined;
      if (owner) native.push({ tx, block, owner });
    }
  }
  const receipts = await Promise.all(
    native.map(
      ({ tx }) =>
        client.request({ method: "eth_getTransactionReceipt", params: [tx.hash] }) as Promise<{
          status: string;
          blockHash: string;
        } | null>,
    ),
  );
  native.forEach(({ tx, block, owner }, i) => {
    const receipt = receipts[i];
    // A receipt from another block means the chain moved under us: the next range's parent check rewinds.
    if (receipt?.status !== "0x1" || receipt.blockHash.toLowerCase() !== block.hash || !tx.to) return;
    found.push({
      invoiceId: owner.invoiceId ?? null,
      customerId: owner.customerId ?? null,
      asset: network.nativeAsset.symbol,
      tokenAddress: null,
      decimals: network.nativeAsset.decimals,
      txHash: tx.hash,
      logIndex: -1,
      from: tx.from,
      to: tx.to,
      amount: tx.value,
      blockNumber: block.number,
      blockHash: block.hash,
    });
  });

  const tokens = new Map(
    network.tokens.flatMap((t) => (t.tokenAddress ? [[t.tokenAddress.toLowerCase(), t] as const] : [])),
  );
  for (const log of logs) {
    const owner = log.value > 0n ? watched.ownerOf(log.to) : undefined;
    const token = owner ? tokens.get(log.token) : undefined;
    // Same rule for logs: only from the blocks we fetched and checked.
    if (!owner || !token || hashes.get(log.blockNumber) !== log.blockHash) continue;
    found.push({
      invoiceId: owner.invoiceId ?? null,
      customerId: owner.customerId ?? null,
      asset: token.symbol,
      tokenAddress: log.token,
      decimals: token.decimals,
      txHash: log.txHash,
      logIndex: log.logIndex,
      from: log.from,
      to: log.to,
      amount: log.value,
      blockNumber: log.blockNumber,
      blockHash: log.blockHash,
    });
  }
  return found;
}
