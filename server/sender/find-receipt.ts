import { TransactionReceiptNotFoundError, type Hex, type PublicClient, type TransactionReceipt } from "viem";

/**
 * The receipt of whichever of `hashes` is mined on the node's canonical chain, or null. A receipt whose block
 * is no longer the canonical block at its height (a node answering mid-reorg) counts as not mined.
 */
export async function findCanonicalReceipt(
  client: PublicClient,
  hashes: readonly Hex[],
): Promise<TransactionReceipt | null> {
  for (const hash of hashes) {
    let receipt: TransactionReceipt;
    try {
      receipt = await client.getTransactionReceipt({ hash });
    } catch (error) {
      if (error instanceof TransactionReceiptNotFoundError) continue;
      throw error;
    }
    const block = await client.getBlock({ blockNumber: receipt.blockNumber });
    if (block.hash?.toLowerCase() !== receipt.blockHash.toLowerCase()) continue;
    return receipt;
  }
  return null;
}
