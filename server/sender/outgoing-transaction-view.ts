import type { Address, Hex } from "viem";
import type { OutgoingTransactionStatus } from "../generated/prisma/client";
import { toBigInt } from "../money";

/** What the sender tells a domain about one of its transactions (handlers receive it). */
export interface OutgoingTransactionView {
  /** `otx_...` */
  id: string;
  /** The caller's idempotency key. */
  key: string;
  networkId: string;
  livemode: boolean;
  purpose: string;
  /** The domain object it serves (`swp_...`, `po_...`, `pb_...`, `wd_...`). */
  sourceId: string;
  /** The sender's address (lowercase); known once the worker has opened the lane. */
  from: Address;
  to: Address;
  /** Null while queued. */
  nonce: bigint | null;
  /** Hash of the attempt that was mined, else of the latest attempt; null while queued. */
  hash: Hex | null;
  /** Wei sent with the call. */
  value: bigint;
  data: Hex | null;
  gasLimit: bigint;
  status: OutgoingTransactionStatus;
}

/** The row fields a view is made of. */
export interface OutgoingTransactionRowForView {
  id: string;
  key: string;
  networkId: string;
  livemode: boolean;
  purpose: string;
  sourceId: string;
  toAddress: string;
  nonce: bigint | null;
  hash: string | null;
  value: { toFixed(): string };
  data: string | null;
  gasLimit: { toFixed(): string };
  status: OutgoingTransactionStatus;
}

/** The view of an outgoing transaction row sent from `from`. */
export function toOutgoingTransactionView(row: OutgoingTransactionRowForView, from: string): OutgoingTransactionView {
  return {
    id: row.id,
    key: row.key,
    networkId: row.networkId,
    livemode: row.livemode,
    purpose: row.purpose,
    sourceId: row.sourceId,
    from: from as Address,
    to: row.toAddress as Address,
    nonce: row.nonce,
    hash: row.hash as Hex | null,
    value: toBigInt(row.value.toFixed()),
    data: row.data as Hex | null,
    gasLimit: toBigInt(row.gasLimit.toFixed()),
    status: row.status,
  };
}
