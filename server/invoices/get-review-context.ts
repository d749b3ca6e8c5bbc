import { getAddress } from "viem";
import type { DbClient } from "../db";
import { AppError } from "../errors";
import type { ReviewContext } from "./dashboard-invoice.schema";
import { refundableByAsset } from "./refundable";
import { formatDecimal, toBigInt } from "../money";

const payerOf = (address: string | undefined) => (address ? getAddress(address) : null);

/**
 * The refundable amounts per network and asset (confirmed payments less refunds already requested),
 * each with the address that paid (the refund's usual destination), and the invoice's resolutions
 * with who took them. Another merchant's invoice is a 404.
 */
export async function getReviewContext(
  tx: DbClient,
  opts: { invoiceId: string; merchantId: string; livemode: boolean },
): Promise<ReviewContext> {
  const invoice = await tx.invoice.findFirst({
    where: { id: opts.invoiceId, merchantId: opts.merchantId, livemode: opts.livemode },
    select: { id: true },
  });
  if (!invoice) throw new AppError("resource_missing", `No such invoice: '${opts.invoiceId}'.`, { param: "id" });
  const [refundable, resolutions, payments] = await Promise.all([
    refundableByAsset(tx, invoice.id),
    tx.invoiceResolution.findMany({ where: { invoiceId: invoice.id }, orderBy: { createdAt: "asc" } }),
    tx.payment.findMany({
      where: { invoiceId: invoice.id, status: "confirmed", dust: false },
      orderBy: { detectedAt: "desc" },
      select: { networkId: true, asset: true, decimals: true, fromAddress: true },
    }),
  ]);
  const actors = await tx.user.findMany({
    where: { id: { in: resolutions.map((r) => r.actor) } },
    select: { id: true, email: true },
  });
  const emailOf = new Map(actors.map((u) => [u.id, u.email]));
  return {
    refundable: refundable.map((r) => ({
      network: r.networkId,
      asset: r.asset,
      decimals: r.decimals,
      amount: formatDecimal(r.amount, r.decimals, 2),
      payerAddress: payerOf(payments.find((p) => p.networkId === r.networkId && p.asset === r.asset)?.fromAddress),
    })),
    resolutions: resolutions.map((r) => {
      const decimals = payments.find((p) => p.networkId === r.refundNetwork && p.asset === r.refundAsset)?.decimals;
      return {
        id: r.id,
        action: r.action,
        note: r.note,
        refundAddress: r.refundAddress,
        refundNetwork: r.refundNetwork,
        refundAsset: r.refundAsset,
        refundAmount:
          r.refundAmount === null
            ? null
            : decimals === undefined
              ? r.refundAmount.toFixed(0)
              : formatDecimal(toBigInt(r.refundAmount), decimals, 2),
        actor: emailOf.get(r.actor) ?? r.actor,
        createdAt: r.createdAt,
      };
    }),
  };
}
