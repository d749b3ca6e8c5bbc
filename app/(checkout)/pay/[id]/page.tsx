import type { Metadata } from "next";
import { cache } from "react";
import { accentStyle } from "@/components/checkout/branding";
import { CheckoutView } from "@/components/checkout/checkout-view";
import { networkLabels } from "@/components/checkout/network-labels";
import { checkoutStrings as t } from "@/components/checkout/strings";
import { db } from "@/server/db";
import { findPublicInvoice } from "@/server/invoices/find-public-invoice";
import { finalStatuses } from "@/server/invoices/invoice.schema";
import PaymentLinkNotFound from "./not-found";

type Props = { params: Promise<{ id: string }> };

// One database read per request, shared by generateMetadata and the page.
const loadInvoice = cache((id: string) => findPublicInvoice(db(), id));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const invoice = await loadInvoice((await params).id);
  // Payment links are private to one customer: keep them out of search engines.
  return { title: invoice ? t.pageTitle(invoice.merchant.name) : t.notFound.title, robots: { index: false, follow: false } };
}

/** GET /pay/[id]: the hosted payment page. Rendered per request (it reads the database); 404 for unknown ids. */
export default async function PayPage({ params }: Props) {
  const { id } = await params;
  const invoice = await loadInvoice(id);
  // Rendered here rather than by notFound(): see proxy.ts, which gives this answer its 404 status.
  if (!invoice) return <PaymentLinkNotFound />;

  return (
    // The merchant's accent colour as CSS variables: buttons, links and focus rings follow it.
    <div style={accentStyle(invoice.merchant.accent_color)} className="flex w-full justify-center">
      <CheckoutView initialInvoice={invoice} finalStatuses={finalStatuses} networks={networkLabels()} />
    </div>
  );
}
