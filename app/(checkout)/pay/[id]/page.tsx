import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { CheckoutView } from "@/components/checkout/checkout-view";
import { networkLabels } from "@/components/checkout/network-labels";
import { PaymentDetails } from "@/components/checkout/payment-details";
import { checkoutStrings as t } from "@/components/checkout/strings";
import { db } from "@/server/db";
import { findPublicInvoice } from "@/server/invoices/find-public-invoice";
import { finalStatuses } from "@/server/invoices/invoice.schema";

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
  if (!invoice) notFound();

  const option = invoice.payment_options[0];
  const networks = networkLabels();

  return (
    <CheckoutView initialInvoice={invoice} option={option} finalStatuses={finalStatuses} networks={networks}>
      {option ? (
        <PaymentDetails option={option} networkName={networks[option.network]?.name ?? option.network} />
      ) : (
        <p className="text-sm text-muted-foreground">{t.noPaymentOption}</p>
      )}
    </CheckoutView>
  );
}
