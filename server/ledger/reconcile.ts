import type { PublicClient } from "viem";
import { publicClientFor } from "../chains/client";
import { enabledNetworks, type Network } from "../chains/networks";
import type { DbClient } from "../db";
import { checkLedgerInvariants, type LedgerViolation } from "./check-ledger-invariants";
import { confirmedBlocks } from "./confirmed-blocks";
import { getBalances } from "./get-balances";
import { ledgerDepositBalances } from "./ledger-deposit-balances";
import { readChainBalances } from "./read-chain-balances";
import { toBigInt } from "../money";

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

/**
 * The platform hot wallet of a (network, asset): its on-chain balance at the confirmed block against the sum of every
 * merchant's `custody:hot` (posted transfers at or below the block; for the native asset also the operator's
 * `hot_wallet_gas` account, which the sender credits with the hot wallet's fees).
 */
export interface HotWalletLine {
  networkId: string;
  asset: string;
  decimals: number;
  blockNumber: bigint;
  address: string;
  onChain: bigint;
  ledger: bigint;
  status: "matched" | "mismatch";
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
  /** The operator's run only (no `merchantId`), when the hot wallet's address is known: one line per network and asset. */
  hotWallets?: HotWalletLine[];
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
  /** The hot wallet's address in a mode (operator run); default: the one the worker recorded, none before it ran. */
  hotWallet?: (livemode: boolean) => string | null;
}

/**
 * Reconcile the ledger against the chains: per network, at its confirmed block (cursor − confirmations +
 * 1), the on-chain balance of every deposit address of the merchant(s) in the mode (invoices' and customers'), watched or not, in
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
  // Customers' permanent deposit addresses (server/customers/) are deposit addresses like invoices'.
  const customers = await db.customer.findMany({
    where: { livemode: opts.livemode, ...(opts.merchantId ? { merchantId: opts.merchantId } : {}) },
    select: { merchantId: true, depositAddress: true },
    orderBy: { createdAt: "asc" },
  });
  const owner = new Map([
    ...deposits.map((d) => [d.address.toLowerCase(), d.merchantId] as const),
    ...customers.map((c) => [c.depositAddress, c.merchantId] as const),
  ]);
  const merchantIds = opts.merchantId
    ? [opts.merchantId]
    : [...new Set([...deposits.map((d) => d.merchantId), ...customers.map((c) => c.merchantId)])].sort();

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
    if (opts.merchantId === undefined) {
      const hot = opts.hotWallet ? opts.hotWallet(opts.livemode) : await recordedHotWallet(db, opts.livemode);
      if (hot !== null) {
        const lines = await hotWalletLines(
          db,
          clientFor(network),
          network,
          assets,
          hot.toLowerCase(),
          block.blockNumber,
        );
        for (const report of reports.values()) {
          report.hotWallets = [...(report.hotWallets ?? []), ...lines];
          if (lines.some((l) => l.status === "mismatch")) report.status = "mismatch";
        }
      }
    }
  }
  return [...reports.values()];
}

/**
 * The hot wallet's address as the worker recorded it at start (platform_wallets): read, never derived, so that
 * reconciliation needs no seed and runs the same in the web process. None before a worker has started.
 */
async function recordedHotWallet(db: DbClient, livemode: boolean): Promise<string | null> {
  const row = await db.platformWallet.findUnique({
    where: { role_livemode: { role: "hot", livemode } },
    select: { address: true },
  });
  return row?.address ?? null;
}

async function hotWalletLines(
  db: DbClient,
  client: PublicClient,
  network: Network,
  assets: Network["assets"],
  address: string,
  atBlock: bigint,
): Promise<HotWalletLine[]> {
  const chain = await readChainBalances(client, {
    chainId: network.chainId,
    blockNumber: atBlock,
    addresses: [address],
    assets,
  });
  const rows = await db.$queryRaw<{ asset: string; amount: string }[]>`
    SELECT a.asset,
           sum(CASE WHEN t.debit_account_id = a.id THEN t.amount ELSE -t.amount END)::text AS amount
      FROM ledger_accounts a
      JOIN ledger_transfers t ON t.debit_account_id = a.id OR t.credit_account_id = a.id
     WHERE a.network_id = ${network.id}
       AND a.livemode = ${network.livemode}
       AND (a.code LIKE 'custody:hot:%' OR (a.code = 'operator:hot_wallet_gas' AND a.asset = ${network.nativeAsset.symbol}))
       AND t.status = 'posted'
       AND (t.block_number IS NULL OR t.block_number <= ${atBlock})
     GROUP BY a.asset`;
  const ledger = new Map(rows.map((r) => [r.asset, toBigInt(r.amount)]));
  return assets.map((asset) => {
    const onChain = chain.get(address)?.get(asset.symbol) ?? 0n;
    const held = ledger.get(asset.symbol) ?? 0n;
    return {
      networkId: network.id,
      asset: asset.symbol,
      decimals: asset.decimals,
      blockNumber: atBlock,
      address,
      onChain,
      ledger: held,
      status: onChain === held ? "matched" : "mismatch",
    };
  });
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
