import type { PublicClient } from "viem";
import { publicClientFor } from "../chains/client";
import { enabledNetworks, type Network } from "../chains/networks";
import type { DbClient } from "../db";
import { checkLedgerInvariants, type LedgerViolation } from "./check-ledger-invariants";
import { confirmedBlocks } from "./confirmed-blocks";
import { getBalances } from "./get-balances";
import { ledgerDepositBalances } from "./ledger-deposit-balances";
import { readChainBalances } from "./read-chain-balances";

/** One network of a report: the block it was reconciled at, or why it was not. */
export interface ReconciledNetwork {
  networkId: string;
  chainId: number;
  status: "checked" | "not_scanned";
  /** The confirmed block compared at (null when `not_scanned`). */
  blockNumber: bigint | null;
  /** The scanner's cursor when the report was made. */
  scannedBlock: bigint | null;
}

/** One (network, asset) of a report, in base units. */
export interface ReconciledAsset {
  networkId: string;
  asset: string;
  decimals: number;
  blockNumber: bigint;
  status: "matched" | "mismatch";
  /** Net received on the deposit addresses up to the block (payments less the reversals of reorged ones). */
  received: bigint;
  /** Money out does not exist yet: always zero until payouts, refunds and withdrawals land. */
  paidOut: bigint;
  refunded: bigint;
  withdrawn: bigint;
  /** The ledger's balances now (stored totals), as GET /api/v1/balances reports them. */
  available: bigint;
  pending: bigint;
  reserved: bigint;
  held: bigint;
  /** Deposit addresses compared. */
  addresses: number;
  /** Sum of their on-chain balances at the block, and what the ledger says they held then. */
  onChain: bigint;
  ledger: bigint;
}

/** A deposit address whose on-chain balance differs from the ledger's at the block. */
export interface ReconciliationDifference {
  address: string;
  networkId: string;
  asset: string;
  decimals: number;
  blockNumber: bigint;
  onChain: bigint;
  ledger: bigint;
  /** onChain − ledger: positive when the chain holds more than the ledger knows of. */
  difference: bigint;
}

/** A merchant's reconciliation in one mode. */
export interface ReconciliationReport {
  merchantId: string;
  livemode: boolean;
  status: "matched" | "mismatch";
  networks: ReconciledNetwork[];
  assets: ReconciledAsset[];
  differences: ReconciliationDifference[];
  /** Broken ledger invariants (debits ≠ credits, stored totals ≠ sums of transfers); any is a mismatch. */
  violations: LedgerViolation[];
  createdAt: Date;
}

export interface ReconcileOptions {
  livemode: boolean;
  /** One merchant's report; omitted: one report per merchant that has deposit addresses in the mode. */
  merchantId?: string;
  /** Only this network / asset (already validated by the caller). */
  networkId?: string;
  asset?: string;
  /** The networks to reconcile; default: every network enabled for the mode. */
  networks?: Network[];
  clientFor?: (network: Network) => PublicClient;
  now?: Date;
}

/**
 * Reconcile the ledger against the chains: per network, at its confirmed block (cursor − confirmations +
 * 1), the on-chain balance of every deposit address of the merchant(s) in the mode, watched or not, in
 * every asset of the network (one multicall per network at that block), against what the ledger says the
 * address held then; plus the ledger's own invariants. `mismatch` when any address differs or any
 * invariant is broken, with every difference listed. Amounts are base units. Throws when a chain cannot be
 * read (an unread balance is not a match).
 */
export async function reconcile(db: DbClient, opts: ReconcileOptions): Promise<ReconciliationReport[]> {
  const createdAt = opts.now ?? new Date();
  const clientFor = opts.clientFor ?? publicClientFor;
  const networks = (opts.networks ?? enabledNetworks({ livemode: opts.livemode })).filter(
    (n) => n.livemode === opts.livemode && (opts.networkId === undefined || n.id === opts.networkId),
  );
  const blocks = await confirmedBlocks(db, networks);

  const deposits = await db.depositAddress.findMany({
    where: { livemode: opts.livemode, ...(opts.merchantId ? { merchantId: opts.merchantId } : {}) },
    select: { merchantId: true, address: true },
    orderBy: { createdAt: "asc" },
  });
  const owner = new Map(deposits.map((d) => [d.address.toLowerCase(), d.merchantId]));
  const merchantIds = opts.merchantId ? [opts.merchantId] : [...new Set(deposits.map((d) => d.merchantId))].sort();

  const reports = new Map<string, ReconciliationReport>();
  for (const merchantId of merchantIds) {
    const violations = (await checkLedgerInvariants(db, { merchantId })).filter((v) =>
      concerns(v, opts.livemode, opts.networkId, opts.asset),
    );
    reports.set(merchantId, {
      merchantId,
      livemode: opts.livemode,
      status: violations.length > 0 ? "mismatch" : "matched",
      networks: [],
      assets: [],
      differences: [],
      violations,
      createdAt,
    });
  }
  const balances = new Map<string, Awaited<ReturnType<typeof getBalances>>>();
  for (const merchantId of merchantIds)
    balances.set(merchantId, await getBalances(db, { merchantId, livemode: opts.livemode }));

  for (const network of networks) {
    const block = blocks.find((b) => b.networkId === network.id)!;
    for (const report of reports.values()) {
      report.networks.push({ ...block, chainId: network.chainId });
    }
    if (block.status !== "checked") continue;
    const assets = network.assets.filter((a) => opts.asset === undefined || a.symbol === opts.asset);
    if (assets.length === 0) continue;

    const ledgerRows = await ledgerDepositBalances(db, {
      networkId: network.id,
      livemode: opts.livemode,
      atBlock: block.blockNumber,
      merchantId: opts.merchantId,
    });
    // Every deposit address, and any address the ledger credited (so no ledger figure goes unchecked).
    for (const r of ledgerRows) if (!owner.has(r.address)) owner.set(r.address, r.merchantId);
    const addresses = [...owner.keys()].filter((a) => reports.has(owner.get(a)!));
    const chain = await readChainBalances(clientFor(network), {
      chainId: network.chainId,
      blockNumber: block.blockNumber,
      addresses,
      assets,
    });
    const ledger = new Map(ledgerRows.map((r) => [`${r.address}/${r.asset}`, r.amount]));

    for (const report of reports.values()) {
      const own = addresses.filter((a) => owner.get(a) === report.merchantId);
      for (const asset of assets) {
        const row: ReconciledAsset = {
          networkId: network.id,
          asset: asset.symbol,
          decimals: asset.decimals,
          blockNumber: block.blockNumber,
          status: "matched",
          received: 0n,
          paidOut: 0n,
          refunded: 0n,
          withdrawn: 0n,
          available: 0n,
          pending: 0n,
          reserved: 0n,
          held: 0n,
          addresses: own.length,
          onChain: 0n,
          ledger: 0n,
        };
        const stored = balances
          .get(report.merchantId)!
          .find((b) => b.networkId === network.id && b.asset === asset.symbol);
        if (stored)
          Object.assign(row, {
            available: stored.available,
            pending: stored.pending,
            reserved: stored.reserved,
            held: stored.held,
          });
        for (const address of own) {
          const onChain = chain.get(address)?.get(asset.symbol) ?? 0n;
          const held = ledger.get(`${address}/${asset.symbol}`) ?? 0n;
          row.onChain += onChain;
          row.ledger += held;
          if (onChain !== held) {
            report.differences.push({
              address,
              networkId: network.id,
              asset: asset.symbol,
              decimals: asset.decimals,
              blockNumber: block.blockNumber,
              onChain,
              ledger: held,
              difference: onChain - held,
            });
            row.status = "mismatch";
          }
        }
        row.received = row.ledger;
        if (report.violations.some((v) => concerns(v, opts.livemode, network.id, asset.symbol)))
          row.status = "mismatch";
        if (row.status === "mismatch") report.status = "mismatch";
        report.assets.push(row);
      }
    }
  }
  return [...reports.values()];
}

/** Whether a ledger violation is about this mode (and network, asset when given); subjects end in `network/asset/mode`. */
function concerns(v: LedgerViolation, livemode: boolean, networkId?: string, asset?: string): boolean {
  const [network, symbol, mode] = v.subject.split("/").slice(-3);
  return (
    mode === (livemode ? "live" : "test") &&
    (networkId === undefined || network === networkId) &&
    (asset === undefined || symbol === asset)
  );
}
