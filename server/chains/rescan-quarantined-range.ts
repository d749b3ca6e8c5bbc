import type { PublicClient } from "viem";
import { inTransaction, type Db } from "../db";
import { recordDeposits } from "../deposits/record-deposits";
import { recordOperatorFundings } from "../ledger/record-operator-fundings";
import { recomputeInvoice } from "../invoices/recompute-invoice";
import { postDustLedger } from "../ledger/sync-dust-ledger";
import { fetchBlocks } from "./fetch-blocks";
import { findPlatformFundings } from "./find-platform-fundings";
import { findTransfers } from "./find-transfers";
import { withoutGasFundings } from "./without-gas-fundings";
import { getTransferLogs } from "./get-transfer-logs";
import type { Network } from "./networks";
import { recordTransfers } from "./record-transfers";
import { watchedAddressCache, type WatchedAddressCache } from "./watched-addresses";

/** What rescanning a quarantined range found. */
export interface RescannedQuarantine {
  id: string;
  networkId: string;
  fromBlock: bigint;
  toBlock: bigint;
  /** Transfers to watched addresses in the range (new or already recorded). */
  transfers: number;
}

/**
 * Operator recovery for a quarantined range (quarantine-range.ts), once the cause is fixed: read its blocks and
 * Transfer logs again and record what they hold (payments, dust, events, invoice recomputation, operator fundings)
 * in one transaction with no time limit but the database's, then mark the quarantine rescanned. The cursor is not
 * moved: it is already past the range, and the recorded payments confirm with the next tick like any other.
 * Addresses are matched as they were watched when the range was quarantined. Idempotent: a payment already recorded
 * inserts nothing. Throws when the range's last block is no longer the one quarantined (a reorg replaced it: the
 * scanner rescanned the new chain itself) without writing anything.
 */
export async function rescanQuarantinedRange(
  db: Db,
  client: PublicClient,
  network: Network,
  opts: { id: string; now: Date; watched?: WatchedAddressCache },
): Promise<RescannedQuarantine> {
  const q = await db.scanQuarantine.findUnique({ where: { id: opts.id } });
  if (!q || q.networkId !== network.id) throw new Error(`no quarantined range ${opts.id} on ${network.id}`);
  const blocks = await fetchBlocks(client, { from: q.fromBlock, to: q.toBlock });
  const last = blocks[blocks.length - 1];
  if (blocks.length !== Number(q.toBlock - q.fromBlock + 1n) || last?.hash !== q.toBlockHash.toLowerCase())
    throw new Error(`blocks ${q.fromBlock}-${q.toBlock} of ${network.id} are no longer the ones quarantined`);
  const logs = await getTransferLogs(client, network, { from: q.fromBlock, to: q.toBlock });
  const watched = opts.watched ?? watchedAddressCache(network.livemode);
  await watched.refresh(db);
  const transfers = await withoutGasFundings(
    db,
    await findTransfers(client, network, blocks, logs, watched.view(q.createdAt)),
  );
  // The operator's fundings of the platform wallets too: recorded pending, posted by the next scan's confirmation step.
  const fundings = await findPlatformFundings(db, client, network, blocks, logs);
  await inTransaction(
    db,
    async (tx) => {
      const recorded = await recordTransfers(tx, network.id, transfers, opts.now);
      await recordOperatorFundings(tx, network, fundings, opts.now);
      await postDustLedger(tx, { paymentIds: recorded.dust, now: opts.now });
      await recordDeposits(tx, network.id, transfers, opts.now);
      for (const invoiceId of recorded.invoices)
        await recomputeInvoice(tx, {
          invoiceId,
          now: opts.now,
          cause: { source: "chain", network: network.id, quarantine: q.id, block_number: q.toBlock.toString() },
        });
      await tx.scanQuarantine.update({ where: { id: q.id }, data: { rescannedAt: opts.now } });
    },
    { timeout: 600_000 },
  );
  return { id: q.id, networkId: network.id, fromBlock: q.fromBlock, toBlock: q.toBlock, transfers: transfers.length };
}
