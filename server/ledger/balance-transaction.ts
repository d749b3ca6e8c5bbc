import { formatDecimal } from "../money";
import type { BalanceTransactionResponse } from "./balance.schema";

/** A ledger transfer as the balance-transaction views read it (the API, exports, the dashboard). */
export interface BalanceTransactionRow {
  id: string;
  livemode: boolean;
  type: BalanceTransactionResponse["type"];
  status: BalanceTransactionResponse["status"];
  networkId: string;
  asset: string;
  decimals: number;
  amount: bigint;
  debitAccountId: string;
  creditAccountId: string;
  sourceId: string | null;
  invoiceId: string | null;
  orderId: string | null;
  txHash: string | null;
  blockNumber: bigint | null;
  description: string;
  createdAt: Date;
  postedAt: Date | null;
  voidedAt: Date | null;
}

/** Prefix of the ids of a merchant's `available` accounts (one per network, asset and mode). */
export function availableAccountPrefix(merchantId: string): string {
  return `merchant:${merchantId}:available/`;
}

/**
 * The amount from the available balance's side, in base units: a transfer crediting available adds
 * to it, one debiting it takes from it.
 */
export function signedAmount(
  row: Pick<BalanceTransactionRow, "amount" | "creditAccountId">,
  merchantId: string,
): bigint {
  return row.creditAccountId.startsWith(availableAccountPrefix(merchantId)) ? row.amount : -row.amount;
}

/** The public `balance_transaction` object of a ledger transfer that moves the merchant's available balance. */
export function serializeBalanceTransaction(
  row: BalanceTransactionRow,
  merchantId: string,
): BalanceTransactionResponse {
  const amount = signedAmount(row, merchantId);
  return {
    id: row.id,
    object: "balance_transaction",
    livemode: row.livemode,
    type: row.type,
    status: row.status,
    network: row.networkId,
    asset: row.asset,
    amount: formatDecimal(amount, row.decimals, 2),
    amount_base_units: amount.toString(),
    source: row.sourceId,
    invoice: row.invoiceId,
    order_id: row.orderId,
    tx_hash: row.txHash,
    block_number: row.blockNumber === null ? null : Number(row.blockNumber),
    description: row.description,
    created_at: row.createdAt.toISOString(),
    posted_at: row.postedAt?.toISOString() ?? null,
    voided_at: row.voidedAt?.toISOString() ?? null,
  };
}
