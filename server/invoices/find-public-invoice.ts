import { createHash } from "node:crypto";
import type { DbClient } from "../db";
import { toBigInt } from "../money";
import { findPublicInvoiceView } from "./invoice-record";
import type { InvoiceResponse, PaymentOptionResponse } from "./invoice.schema";
import { paymentUri } from "./payment-uri";
import { serializeInvoice } from "./serialize-invoice";

/** What the hosted page shows of the merchant: name and branding, all optional but the name. */
export interface PublicMerchant {
  name: string;
  support_email: string | null;
  logo_url: string | null;
  accent_color: string | null;
}

/** A payment option as the hosted page needs it: with the EIP-681 URI of what is still due. */
export type CheckoutPaymentOption = PaymentOptionResponse & { payment_uri_due: string };

export type CheckoutInvoice = Omit<InvoiceResponse, "payment_options" | "splits"> & {
  payment_options: CheckoutPaymentOption[];
  merchant: PublicMerchant;
};

const PUBLIC_ID = /^inv_[0-9A-Za-z]{22}$/;

/**
 * The invoice as the hosted page shows it (anyone with the unguessable id may see it), with the
 * merchant's public name and branding; null when there is no such invoice. Each option carries
 * `payment_uri_due`, the URI for `amount_due_base_units` (the rest of a partly paid invoice), so
 * the browser never builds a payment request itself. One query.
 */
export async function findPublicInvoice(tx: DbClient, id: string): Promise<CheckoutInvoice | null> {
  if (!PUBLIC_ID.test(id)) return null;
  const found = await findPublicInvoiceView(tx, id);
  if (!found) return null;
  const { merchant } = found;
  // How the merchant shares its revenue (splits) is not the payer's business.
  const { splits: _splits, ...invoice } = serializeInvoice(found.invoice, found.heights);
  return {
    ...invoice,
    payment_options: invoice.payment_options.map((o) => ({
      ...o,
      payment_uri_due: paymentUri({
        address: o.address,
        chainId: o.chain_id,
        tokenAddress: o.token_address,
        amount: toBigInt(o.amount_due_base_units),
      }),
    })),
    merchant: {
      name: merchant.name,
      support_email: merchant.supportEmail,
      logo_url: merchant.logoUrl,
      accent_color: merchant.accentColor,
    },
  };
}

/**
 * A short fingerprint of what the hosted page shows of an invoice: it changes when the page would.
 * The page renders it and polls `/pay/[id]/status` for it. A counted payment's growing confirmation
 * count is left out (the page only shows the count while a payment is pending), so a partly paid
 * invoice isn't re-rendered for every new block.
 */
export function checkoutVersion(invoice: CheckoutInvoice): string {
  const shown = {
    ...invoice,
    payments: invoice.payments.map((p) => (p.status === "pending" ? p : { ...p, confirmations: null })),
  };
  return createHash("sha256").update(JSON.stringify(shown)).digest("base64url").slice(0, 16);
}
