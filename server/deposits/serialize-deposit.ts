import { getAddress } from "viem";
import { findNetwork } from "../chains/networks";
import type { Deposit } from "../generated/prisma/client";
import { formatDecimal, toBigInt } from "../money";
import type { DepositResponse } from "./deposit.schema";

/** The public `deposit` object of a row; `heights` are the networks' scanned heights (loadCursorHeights). */
export function serializeDeposit(d: Deposit, heights: Map<string, bigint>): DepositResponse {
  const height = heights.get(d.networkId);
  const confirmations =
    d.status === "reorged" || height === undefined || height < d.blockNumber ? 0 : Number(height - d.blockNumber + 1n);
  const amount = toBigInt(d.amount);
  return {
    id: d.id,
    object: "deposit",
    livemode: d.livemode,
    customer: d.customerId,
    network: d.networkId,
    asset: d.asset,
    amount: formatDecimal(amount, d.decimals, Math.min(2, d.decimals)),
    amount_base_units: amount.toString(),
    from: getAddress(d.fromAddress),
    address: getAddress(d.toAddress),
    tx_hash: d.txHash,
    log_index: d.logIndex < 0 ? null : d.logIndex,
    block_number: Number(d.blockNumber),
    confirmations,
    required_confirmations: findNetwork(d.networkId)?.confirmations ?? 0,
    status: d.status,
    created_at: d.detectedAt.toISOString(),
    confirmed_at: d.status === "confirmed" && d.confirmedAt ? d.confirmedAt.toISOString() : null,
  };
}
