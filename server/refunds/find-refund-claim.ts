import { getAddress } from "viem";
import type { DbClient } from "../db";
import { formatDecimal, toBigInt } from "../money";
import { hashRefundClaimToken, REFUND_CLAIM_TOKEN } from "./refund-claim-token";

/** What the claim page shows of a refund: the merchant's face, the amount, and where the claim stands. */
export interface RefundClaimView {
  /** `open`: the form; `claimed`: this link was used (the address and status shown); `expired`, `cancelled`: no form. */
  state: "open" | "claimed" | "expired" | "cancelled";
  merchant: { name: string; logoUrl: string | null; accentColor: string | null; supportEmail: string | null };
  invoiceId: string;
  orderId: string | null;
  description: string | null;
  amount: string;
  asset: string;
  networkId: string;
  address: string | null;
  status: string;
  expiresAt: Date | null;
  /** The payout's transaction, once broadcast. */
  txHash: string | null;
}

/**
 * The refund a claim token opens, or null for a token that matches none (malformed, made up, or replaced by a new
 * link). Read-only: the page renders every state from it.
 */
export async function findRefundClaim(db: DbClient, token: string, now: Date): Promise<RefundClaimView | null> {
  if (!REFUND_CLAIM_TOKEN.test(token)) return null;
  const refund = await db.refund.findUnique({
    where: { claimTokenHash: hashRefundClaimToken(token) },
    include: {
      payout: { select: { txHash: true } },
      invoice: {
        select: {
          orderId: true,
          description: true,
          merchant: { select: { name: true, logoUrl: true, accentColor: true, supportEmail: true } },
        },
      },
    },
  });
  if (!refund) return null;
  const state =
    refund.status === "cancelled" && !refund.claimedAt
      ? "cancelled"
      : refund.claimedAt || refund.status !== "awaiting_address"
        ? "claimed"
        : refund.claimExpiresAt && refund.claimExpiresAt.getTime() <= now.getTime()
          ? "expired"
          : "open";
  return {
    state,
    merchant: refund.invoice.merchant,
    invoiceId: refund.invoiceId,
    orderId: refund.invoice.orderId,
    description: refund.invoice.description,
    amount: formatDecimal(toBigInt(refund.amount), refund.decimals, Math.min(2, refund.decimals)),
    asset: refund.asset,
    networkId: refund.networkId,
    address: refund.address ? getAddress(refund.address) : null,
    status: refund.status,
    expiresAt: refund.claimExpiresAt,
    txHash: refund.payout?.txHash ?? null,
  };
}
