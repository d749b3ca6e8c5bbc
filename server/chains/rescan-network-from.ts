import { toHex, type Hash, type PublicClient } from "viem";
import { inTransaction, type Db } from "../db";
import { recomputeInvoice } from "../invoices/recompute-invoice";
import { orphanDustLedger } from "../ledger/sync-dust-ledger";
import { recordInvoiceEvent } from "../webhooks/record-event";
import { acquireNetworkLease, releaseNetworkLease } from "./network-lease";
import type { Network } from "./networks";

/**
 * Operator recovery after ReorgTooDeepError (or any doubt about a network's history): restart the
 * network's scan just after `block`, a block the operator trusts. Every payment above it is checked
 * against the canonical chain by its receipt; the ones not found in their recorded block are marked
 * `reorged` (with their event and invoice recomputation), so the rescan that follows re-includes
 * whatever the chain holds now and nothing is credited twice or kept without being on chain.
 * Takes the network's lease; throws when another worker holds it.
 */
export async function rescanNetworkFrom(
  db: Db,
  client: PublicClient,
  network: Pick<Network, "id" | "chainId">,
  opts: { block: bigint; now: Date; owner?: string },
): Promise<{ checked: number; reorged: number }> {
  const owner = opts.owner ?? "rescan-network-from";
  const lease = await acquireNetworkLease(db, {
    networkId: network.id,
    chainId: network.chainId,
    owner,
    ttlMs: 120_000,
  });
  if (!lease) throw new NetworkBusyError(network.id);
  try {
    const start = (await client.request({ method: "eth_getBlockByNumber", params: [toHex(opts.block), false] })) as {
      hash: Hash;
      parentHash: Hash;
    } | null;
    if (!start) throw new BlockNotFoundError(network.id, opts.block);
    const payments = await db.payment.findMany({
      where: { networkId: network.id, blockNumber: { gt: opts.block }, status: { not: "reorged" } },
      select: {
        id: true,
        invoiceId: true,
        txHash: true,
        logIndex: true,
        blockNumber: true,
        blockHash: true,
        status: true,
        dust: true,
      },
    });
    const receipts = await Promise.all(
      payments.map(
        (p) =>
          client.request({ method: "eth_getTransactionReceipt", params: [p.txHash as Hash] }) as Promise<{
            blockHash: string;
            status: string;
          } | null>,
      ),
    );
    const gone = payments.filter(
      (p, i) => receipts[i]?.blockHash.toLowerCase() !== p.blockHash || receipts[i]?.status !== "0x1",
    );

    await inTransaction(db, async (tx) => {
      // Dust paid nothing: it leaves without an event or an invoice recomputation, and its ledger entries (per block)
      // are taken back, as a reorg the scan finds does (mark-orphaned-payments.ts).
      const goneDust = gone.filter((p) => p.dust);
      if (goneDust.length > 0) {
        await tx.payment.updateMany({
          where: { id: { in: goneDust.map((p) => p.id) }, status: { not: "reorged" } },
          data: { status: "reorged", reorgedAt: opts.now, confirmedAt: null },
        });
        const blocks = [...new Set(goneDust.map((p) => p.blockNumber))];
        await orphanDustLedger(tx, { networkId: network.id, blocks, now: opts.now });
      }
      for (const p of gone) {
        if (p.dust) continue;
        const { count } = await tx.payment.updateMany({
          where: { id: p.id, status: { not: "reorged" } },
          data: { status: "reorged", reorgedAt: opts.now, confirmedAt: null },
        });
        if (count === 0) continue;
        await recordInvoiceEvent(tx, {
          invoiceId: p.invoiceId,
          type: "payment.reorged",
          cause: {
            source: "operator",
            action: "rescan_network_from",
            network: network.id,
            payment_id: p.id,
            tx_hash: p.txHash,
            log_index: p.logIndex,
            previous_status: p.status,
            orphaned_block_number: p.blockNumber.toString(),
            orphaned_block_hash: p.blockHash,
            rescan_from: opts.block.toString(),
          },
        });
      }
      for (const invoiceId of new Set(gone.filter((p) => !p.dust).map((p) => p.invoiceId))) {
        await recomputeInvoice(tx, {
          invoiceId,
          now: opts.now,
          cause: {
            source: "operator",
            action: "rescan_network_from",
            network: network.id,
            rescan_from: opts.block.toString(),
          },
        });
      }
      // The stored hashes may belong to the abandoned chain: keep only the trusted block's.
      await tx.blockHash.deleteMany({ where: { networkId: network.id } });
      await tx.blockHash.create({
        data: {
          networkId: network.id,
          number: opts.block,
          hash: start.hash.toLowerCase(),
          parentHash: start.parentHash.toLowerCase(),
        },
      });
      await tx.networkCursor.update({
        where: { networkId: network.id },
        data: { blockNumber: opts.block, blockHash: start.hash.toLowerCase() },
      });
    });
    return { checked: payments.length, reorged: gone.length };
  } finally {
    await releaseNetworkLease(db, { networkId: network.id, owner });
  }
}

/** Another worker holds the network's lease. */
export class NetworkBusyError extends Error {
  constructor(networkId: string) {
    super(`${networkId} is being scanned by another worker; try again when its lease is free`);
    this.name = "NetworkBusyError";
  }
}

/** The node does not have the requested block. */
export class BlockNotFoundError extends Error {
  constructor(networkId: string, block: bigint) {
    super(`${networkId} has no block ${block}`);
    this.name = "BlockNotFoundError";
  }
}
