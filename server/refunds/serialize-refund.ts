import { getAddress } from "viem";
import { env } from "../env";
import type { Refund } from "../generated/prisma/client";
import { formatDecimal, toBigInt } from "../money";
import { refundClaimPath } from "./refund-claim-token";
import type { RefundResponse } from "./refund.schema";

/**
 * The public `refund` object of a row and its payout's id. `claimToken` is passed only by the call that has just
 * made the token (creation, a new link): the database holds its hash, so every other read shows `claim_url: null`.
 */
export function serializeRefund(
  r: Refund,
  opts: { payoutId: string | null; claimToken?: string | null },
): RefundResponse {
  const amount = toBigInt(r.amount);
  const claimOpen = r.status === "awaiting_address" && r.claimExpiresAt !== null;
  return {
    id: r.id,
    object: "refund",
    livemode: r.livemode,
    invoice: r.invoiceId,
    status: r.status,
    amount: formatDecimal(amount, r.decimals, Math.min(2, r.decimals)),
    amount_base_units: amount.toString(),
    network: r.networkId,
    asset: r.asset,
    address: r.address ? getAddress(r.address) : null,
    reason: r.reason,
    claim_url: claimOpen && opts.claimToken ? `${env().PAYRAIL_PUBLIC_URL}${refundClaimPath(opts.claimToken)}` : null,
    claim_expires_at: claimOpen ? r.claimExpiresAt!.toISOString() : null,
    payout: opts.payoutId,
    created_at: r.createdAt.toISOString(),
  };
}
