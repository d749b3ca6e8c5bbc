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
 * A platform wallet of a (network, asset): its on-chain balance at the confirmed block against the ledger's posted
 * transfers at or below the block. The hot wallet: every merchant's `custody:hot`, plus the operator's own on it,
 * `operator:hot_wallet_gas` (native: the operator's fundings in, the hot wallet's fees out) and
 * `operator:hot_wallet_funds` (tokens the operator sent it). The gas wallet: `operator:gas_wallet` (the operator's
 * fundings in, the fees it paid out) less the ETH it sent deposit addresses for fallback sweeps (the `gas_float:`
 * postings, whose ETH is counted on those addresses from then on).
 */
export interface PlatformWalletLine {
  role: "hot" | "gas";
  networkId: string;
  asset: string;
  decimals: number;
  blockNumber: bigint;
  address: string;
  onChain: bigint;
  ledger: bigint;
  status: "matched" | "mismatch";
}

/** The hot wallet's lines (the name the report's `hotWallets` had before gas wallet lines joined them). */
export type HotWalletLine = PlatformWalletLine;

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
  hotWallets?: PlatformWalletLine[];
  /** The operator's run only, when the gas wallet's address is known: one line per network and asset. */
  gasWallets?: PlatformWalletLine[];
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
  /** The gas wallet's address in a mode (operator run); default: the one the worker recorded, none before it ran. */
  gasWallet?: (livemode: boolean) => string | null;
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
      const wallets = {
        hot: opts.hotWallet ? opts.hotWallet(opts.livemode) : await recordedPlatformWallet(db, "hot", opts.livemode),
        gas: opts.gasWallet ? opts.gasWallet(opts.livemode) : await recordedPlatformWallet(db, "gas", opts.livemode),
      };
      const lines = await platformWalletLines(db, clientFor(network), network, assets, wallets, block.blockNumber);
      for (const report of reports.values()) {
        if (wallets.hot !== null)
          report.hotWallets = [...(report.hotWallets ?? []), ...lines.filter((l) => l.role === "hot")];
        if (wallets.gas !== null)
          report.gasWallets = [...(report.gasWallets ?? []), ...lines.filter((l) => l.role === "gas")];
        if (lines.some((l) => l.status === "mismatch")) report.status = "mismatch";
      }
    }
  }
  return [...reports.values()];
}

/**
 * The operator's platform wallet lines alone (gas and hot, every network of the mode at its confirmed block), for the
 * operator's run when no merchant has deposit addresses yet (a fresh install whose wallets were just funded): the same
 * lines `reconcile` adds to every report. A network not scanned yet has no lines. Throws when a chain cannot be read.
 */
export async function reconcilePlatformWallets(
  db: DbClient,
  opts: Pick<
    ReconcileOptions,
    "livemode" | "networkId" | "asset" | "networks" | "clientFor" | "hotWallet" | "gasWallet"
  >,
): Promise<PlatformWalletLine[]> {
  const clientFor = opts.clientFor ?? publicClientFor;
  const networks = (opts.networks ?? enabledNetworks({ livemode: opts.livemode })).filter(
    (n) => n.livemode === opts.livemode && (opts.networkId === undefined || n.id === opts.networkId),
  );
  const wallets = {
    hot: opts.hotWallet ? opts.hotWallet(opts.livemode) : await recordedPlatformWallet(db, "hot", opts.livemode),
    gas: opts.gasWallet ? opts.gasWallet(opts.livemode) : await recordedPlatformWallet(db, "gas", opts.livemode),
  };
  const lines: PlatformWalletLine[] = [];
  for (const block of await confirmedBlocks(db, networks)) {
    if (block.status !== "checked") continue;
    const network = networks.find((n) => n.id === block.networkId)!;
    const assets = network.assets.filter((a) => opts.asset === undefined || a.symbol === opts.asset);
    if (assets.length === 0) continue;
    lines.push(...(await platformWalletLines(db, clientFor(network), network, assets, wallets, block.blockNumber)));
  }
  return lines;
}

/**
 * A platform wallet's address as the worker recorded it at start (platform_wallets): read, never derived, so that
 * reconciliation needs no seed and runs the same in the web process. None before a worker has started.
 */
async function recordedPlatformWallet(db: DbClient, role: "hot" | "gas", livemode: boolean): Promise<string | null> {
  const row = await db.platformWallet.findUnique({
    where: { role_livemode: { role, livemode } },
    select: { address: true },
  });
  return row?.address ?? null;
}

/** The hot and gas wallet lines of one network at `atBlock` (one multicall for both): see PlatformWalletLine. */
async function platformWalletLines(
  db: DbClient,
  client: PublicClient,
  network: Network,
  assets: Network["assets"],
  wallets: { hot: string | null; gas: string | null },
  atBlock: bigint,
): Promise<PlatformWalletLine[]> {
  const hot = wallets.hot?.toLowerCase() ?? null;
  const gas = wallets.gas?.toLowerCase() ?? null;
  const addresses = [hot, gas].filter((a): a is string => a !== null);
  if (addresses.length === 0) return [];
  const chain = await readChainBalances(client, {
    chainId: network.chainId,
    blockNumber: atBlock,
    addresses,
    assets,
  });
  // Per wallet and asset, the posted balance at the block of the accounts that stand for it (debit-normal: debits
  // add, credits subtract).
  const rows = await db.$queryRaw<{ role: string; asset: string; amount: string }[]>`
    SELECT CASE WHEN a.code = 'operator:gas_wallet' THEN 'gas' ELSE 'hot' END AS role, a.asset,
           sum(CASE WHEN t.debit_account_id = a.id THEN t.amount ELSE -t.amount END)::text AS amount
      FROM ledger_accounts a
      JOIN ledger_transfers t ON t.debit_account_id = a.id OR t.credit_account_id = a.id
     WHERE a.network_id = ${network.id}
       AND a.livemode = ${network.livemode}
       AND (a.code LIKE 'custody:hot:%'
            OR a.code IN ('operator:hot_wallet_funds', 'operator:gas_wallet')
            OR (a.code = 'operator:hot_wallet_gas' AND a.asset = ${network.nativeAsset.symbol}))
       AND t.status = 'posted'
       AND (t.block_number IS NULL OR t.block_number <= ${atBlock})
     GROUP BY 1, a.asset`;
  // The ETH the gas wallet sent deposit addresses for fallback token sweeps: posted custody:deposits / the merchant's
  // gas float (server/sweeps/sweep-transaction-handlers.ts), never on the gas wallet's own account.
  const [sent] = await db.$queryRaw<{ amount: string }[]>`
    SELECT coalesce(sum(t.amount), 0)::text AS amount
      FROM ledger_transfers t
     WHERE starts_with(t.key, 'gas_float:')
       AND t.network_id = ${network.id}
       AND t.livemode = ${network.livemode}
       AND t.asset = ${network.nativeAsset.symbol}
       AND t.status = 'posted'
       AND (t.block_number IS NULL OR t.block_number <= ${atBlock})`;
  const ledger = new Map(rows.map((r) => [`${r.role}/${r.asset}`, toBigInt(r.amount)]));
  const gasSent = toBigInt(sent?.amount ?? "0");
  const lines: PlatformWalletLine[] = [];
  for (const [role, address] of [
    ["hot", hot],
    ["gas", gas],
  ] as const) {
    if (address === null) continue;
    for (const asset of assets) {
      const onChain = chain.get(address)?.get(asset.symbol) ?? 0n;
      let held = ledger.get(`${role}/${asset.symbol}`) ?? 0n;
      if (role === "gas" && asset.tokenAddress === null) held -= gasSent;
      lines.push({
        role,
        networkId: network.id,
        asset: asset.symbol,
        decimals: asset.decimals,
        blockNumber: atBlock,
        address,
        onChain,
        ledger: held,
        status: onChain === held ? "matched" : "mismatch",
      });
    }
  }
  return lines;
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
