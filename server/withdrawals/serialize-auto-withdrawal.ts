import { getAddress } from "viem";
import { NETWORK_CATALOG } from "../chains/catalog";
import type { Prisma } from "../generated/prisma/client";
import { formatDecimal, toBigInt } from "../money";
import type { AutoWithdrawalResponse, WithdrawalResponse } from "./withdrawal.schema";

/** Decimals of an asset on a network, from the catalog (rules and withdrawals only ever name catalog assets). */
export function assetDecimals(networkId: string, asset: string): number {
  const network = NETWORK_CATALOG.find((n) => n.id === networkId);
  const spec = network && [network.nativeAsset, ...network.tokens].find((a) => a.symbol === asset);
  if (!spec) throw new Error(`asset ${asset} on ${networkId} is not in the network catalog`);
  return spec.decimals;
}

/** The network's native asset (what its gas is paid in). */
export function nativeAssetOf(networkId: string): { symbol: string; decimals: number } {
  const network = NETWORK_CATALOG.find((n) => n.id === networkId);
  if (!network) throw new Error(`network ${networkId} is not in the catalog`);
  return network.nativeAsset;
}

export const autoWithdrawalSelect = {
  id: true,
  livemode: true,
  networkId: true,
  asset: true,
  address: true,
  threshold: true,
  keep: true,
  status: true,
  activeAt: true,
  createdAt: true,
  disabledAt: true,
} satisfies Prisma.AutoWithdrawalSelect;
export type AutoWithdrawalRow = Prisma.AutoWithdrawalGetPayload<{ select: typeof autoWithdrawalSelect }>;

/** A rule as the API shows it. A `pending_activation` rule past its `active_at` already shows `active` (the worker flips the row). */
export function serializeAutoWithdrawal(row: AutoWithdrawalRow, now = new Date()): AutoWithdrawalResponse {
  const decimals = assetDecimals(row.networkId, row.asset);
  const status = row.status === "pending_activation" && row.activeAt <= now ? "active" : row.status;
  return {
    id: row.id,
    object: "auto_withdrawal",
    livemode: row.livemode,
    network: row.networkId,
    asset: row.asset,
    address: getAddress(row.address),
    threshold: formatDecimal(toBigInt(row.threshold), decimals, 2),
    keep: formatDecimal(toBigInt(row.keep), decimals, 2),
    status,
    active_at: row.activeAt.toISOString(),
    created_at: row.createdAt.toISOString(),
    disabled_at: row.disabledAt?.toISOString() ?? null,
  };
}

export const withdrawalSelect = {
  id: true,
  livemode: true,
  autoWithdrawalId: true,
  networkId: true,
  asset: true,
  decimals: true,
  address: true,
  amount: true,
  status: true,
  txHashes: true,
  networkFee: true,
  failureReason: true,
  createdAt: true,
  submittedAt: true,
  confirmedAt: true,
} satisfies Prisma.WithdrawalSelect;
export type WithdrawalRow = Prisma.WithdrawalGetPayload<{ select: typeof withdrawalSelect }>;

/** A withdrawal as the API and its events show it. */
export function serializeWithdrawal(row: WithdrawalRow): WithdrawalResponse {
  const native = nativeAssetOf(row.networkId);
  return {
    id: row.id,
    object: "withdrawal",
    livemode: row.livemode,
    auto_withdrawal: row.autoWithdrawalId,
    network: row.networkId,
    asset: row.asset,
    amount: formatDecimal(toBigInt(row.amount), row.decimals, 2),
    address: getAddress(row.address),
    status: row.status,
    tx_hashes: row.txHashes,
    network_fee: row.networkFee === null ? null : formatDecimal(toBigInt(row.networkFee), native.decimals),
    failure_reason: row.failureReason,
    created_at: row.createdAt.toISOString(),
    submitted_at: row.submittedAt?.toISOString() ?? null,
    confirmed_at: row.confirmedAt?.toISOString() ?? null,
  };
}
