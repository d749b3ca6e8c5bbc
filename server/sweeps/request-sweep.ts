import { getAddress, isAddress, type Address } from "viem";
import { NETWORK_CATALOG } from "../chains/catalog";
import type { Tx } from "../db";
import { AppError } from "../errors";
import { randomBase62 } from "../ids";
import { merchantAccount } from "../ledger/chart-of-accounts";
import { ensureAccounts } from "../ledger/ensure-accounts";
import { recordTransfer } from "../ledger/record-transfer";
import { toDbDecimal } from "../money";
export { registerSweepHandlers, type SweepHandlers, type SweepView } from "./sweep-handlers";

/** What to sweep: the deposit addresses' balances of one asset on one network, to one address. */
export interface SweepRequest {
  /** Idempotency key (`withdrawal:{rule}#{n}`): a second request with the same key returns the first sweep. */
  key: string;
  networkId: string;
  livemode: boolean;
  merchantId: string;
  asset: string;
  to: Address;
  purpose: "withdrawal" | "consolidation";
  /** `wd_...` or an internal id. */
  sourceId: string;
  /** What the swept amount is charged to: the merchant's available (withdrawal) or custody:hot (consolidation). */
  debitAccountId: string;
  /** What the sweep moves from each address, exactly (all or part of what the ledger says it holds). */
  sources: { address: Address; keyPath: string; amount: bigint }[];
}

const CHECK_VIOLATION = "23514";

/**
 * A source address already has an open sweep item on the network (another sweep took it and has not finished): the
 * `sweep_address_locks` row its item holds refused this one. The caller's transaction is aborted and must roll back;
 * planners try again on a later pass, when that sweep has settled.
 */
export class SweepAddressBusy extends Error {
  constructor(options?: { cause?: unknown }) {
    super("a source address is being swept by another sweep", options);
    this.name = "SweepAddressBusy";
  }
}

/**
 * Queue a sweep, inside the caller's transaction: one `sweeps` row, one item per source address, and per item a
 * pending ledger transfer (debit `debitAccountId`, credit the merchant's `custody:deposits`; type `withdrawal` for a
 * withdrawal, else `adjustment`; key `sweep:{itemId}`, source_id the item id), posted when the transaction that
 * moves it is confirmed, voided if it fails for good. Nothing is signed or sent here: the worker's `sweeps` tick
 * part batches queued items. Idempotent by `key` (the existing sweep is returned, `created: false`).
 * One open item per (network, address), whatever the asset or purpose: a trigger takes the address's row in
 * `sweep_address_locks` with each item and frees it when the item is confirmed or failed, so a withdrawal and a
 * consolidation racing for the same address cannot both take it (the second waits for the first's commit, then fails).
 * Errors: {@link SweepAddressBusy} when an address is taken (roll back, try later); 422 `insufficient_balance` when
 * the debit account cannot cover the amounts; a malformed request
 * (unknown network or asset, bad address, empty sources, an amount ≤ 0, a source listed twice) throws.
 */
export async function requestSweep(tx: Tx, req: SweepRequest): Promise<{ id: string; created: boolean }> {
  const network = NETWORK_CATALOG.find((n) => n.id === req.networkId);
  if (!network || network.livemode !== req.livemode)
    throw new Error(`no ${req.livemode ? "live" : "test"} network ${req.networkId}`);
  const asset = [network.nativeAsset, ...network.tokens].find((a) => a.symbol === req.asset);
  if (!asset) throw new Error(`${req.networkId} has no asset ${req.asset}`);
  if (!isAddress(req.to, { strict: false })) throw new Error("`to` is not an address");
  if (req.sources.length === 0) throw new Error("a sweep needs at least one source address");
  const seen = new Set<string>();
  for (const s of req.sources) {
    if (!isAddress(s.address, { strict: false })) throw new Error(`not an address: ${s.address}`);
    if (s.amount <= 0n) throw new RangeError(`sweep amount of ${s.address} must be positive`);
    if (seen.has(s.address.toLowerCase())) throw new Error(`${s.address} is listed twice`);
    seen.add(s.address.toLowerCase());
  }

  const existing = await tx.sweep.findUnique({ where: { key: req.key }, select: { id: true } });
  if (existing) return { id: existing.id, created: false };

  const scope = { merchantId: req.merchantId, livemode: req.livemode, networkId: req.networkId, asset: req.asset };
  const custody = merchantAccount("custody_deposits", scope);
  const hot = merchantAccount("custody_hot", scope);
  await ensureAccounts(tx, req.debitAccountId === hot.id ? [custody, hot] : [custody]);

  const id = `swp_${randomBase62(22)}`;
  const now = new Date();
  await tx.sweep.create({
    data: {
      id,
      key: req.key,
      networkId: req.networkId,
      livemode: req.livemode,
      merchantId: req.merchantId,
      asset: req.asset,
      toAddress: getAddress(req.to).toLowerCase(),
      purpose: req.purpose,
      sourceId: req.sourceId,
      debitAccountId: req.debitAccountId,
    },
  });
  const items = req.sources.map((s) => ({
    id: `swi_${randomBase62(22)}`,
    sweepId: id,
    networkId: req.networkId,
    livemode: req.livemode,
    merchantId: req.merchantId,
    asset: req.asset,
    address: s.address.toLowerCase(),
    keyPath: s.keyPath,
    amount: toDbDecimal(s.amount),
    amountBig: s.amount,
  }));
  try {
    await tx.sweepItem.createMany({ data: items.map(({ amountBig: _a, ...item }) => item) });
  } catch (error) {
    if (isAddressLocked(error)) throw new SweepAddressBusy({ cause: error });
    throw error;
  }
  try {
    for (const item of items) {
      await recordTransfer(tx, {
        key: `sweep:${item.id}`,
        type: req.purpose === "withdrawal" ? "withdrawal" : "adjustment",
        status: "pending",
        debitAccountId: req.debitAccountId,
        creditAccountId: custody.id,
        amount: item.amountBig,
        merchantId: req.merchantId,
        livemode: req.livemode,
        networkId: req.networkId,
        asset: req.asset,
        decimals: asset.decimals,
        sourceId: item.id,
        description:
          req.purpose === "withdrawal"
            ? `Withdrawal sweep of ${item.address} to ${req.to.toLowerCase()}`
            : `Consolidation of ${item.address} into the hot wallet`,
        at: now,
      });
    }
  } catch (error) {
    if (isCheckViolation(error))
      throw new AppError("insufficient_balance", "The balance does not cover this sweep.", { cause: error });
    throw error;
  }
  return { id, created: true };
}

function isAddressLocked(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${JSON.stringify(error)}` : String(error);
  return text.includes("sweep_address_locks");
}

function isCheckViolation(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${JSON.stringify(error)}` : String(error);
  return text.includes(CHECK_VIOLATION) || text.includes("ledger_accounts_debits_within_credits");
}
