import type { CheckoutInvoice } from "@/server/invoices/find-public-invoice";
import type { NetworkLabel } from "./network-label";
import { Receipt } from "./receipt";
import { checkoutStrings as t } from "./strings";
import { TxHash } from "./tx-hash";

function SupportContact({ invoice }: { invoice: CheckoutInvoice }) {
  const email = invoice.merchant.support_email;
  if (!email) return null;
  const href = `mailto:${email}?subject=${encodeURIComponent(`${t.pageTitle(invoice.merchant.name)} — ${invoice.id}`)}`;
  return (
    <p className="text-muted-foreground">
      {t.contactSupport}{" "}
      <a href={href} className="font-medium text-foreground underline underline-offset-4 hover:text-accent">
        {email}
      </a>
    </p>
  );
}

/** Requested against received, for a payment under review: the customer sees what the merchant sees. */
function ReviewAmounts({ invoice }: { invoice: CheckoutInvoice }) {
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-xl border p-4">
      <dt className="text-muted-foreground">{t.reviewAmounts.requested}</dt>
      <dd className="text-right tabular-nums">{t.amountWithAsset(invoice.amount, invoice.currency)}</dd>
      <dt className="text-muted-foreground">{t.reviewAmounts.received}</dt>
      <dd className="text-right font-medium tabular-nums">
        {t.amountWithAsset(invoice.amount_paid, invoice.currency)}
      </dd>
      {invoice.review_reason === "overpaid" && (
        <>
          <dt className="text-muted-foreground">{t.reviewAmounts.extra}</dt>
          <dd className="text-right tabular-nums">{t.amountWithAsset(invoice.amount_overpaid, invoice.currency)}</dd>
        </>
      )}
    </dl>
  );
}

/** The payments that arrived (a different asset or network, or after expiry): so the customer sees theirs was seen. */
function ArrivedPayments({ invoice, networks }: { invoice: CheckoutInvoice; networks: Record<string, NetworkLabel> }) {
  const arrived = invoice.payments.filter((p) => p.status !== "reorged");
  if (arrived.length === 0) return null;
  return (
    <div className="rounded-xl border p-4">
      <h2 className="font-semibold">{t.reviewAmounts.arrived}</h2>
      <ul className="mt-2 flex flex-col gap-3">
        {arrived.map((p) => (
          <li key={p.id} className="flex flex-col gap-1">
            <span className="font-medium">
              {t.reviewAmounts.paymentOn(t.amountWithAsset(p.amount, p.asset), networks[p.network]?.name ?? p.network)}
            </span>
            <TxHash hash={p.tx_hash} network={networks[p.network]} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What replaces the payment details once nothing more is expected from the customer. */
export function FinalState({
  invoice,
  networks,
}: {
  invoice: CheckoutInvoice;
  networks: Record<string, NetworkLabel>;
}) {
  if (invoice.status === "paid") return <Receipt invoice={invoice} networks={networks} />;
  if (invoice.status === "created" || invoice.status === "pending" || invoice.status === "partially_paid") return null;

  const { name } = invoice.merchant;
  return (
    <div className="flex flex-col gap-4 text-sm leading-6">
      <p className="text-base leading-7">{t.final[invoice.status](name)}</p>
      {invoice.status === "review_required" && (
        <>
          {invoice.review_reason && <p className="text-muted-foreground">{t.reviewReason[invoice.review_reason]}</p>}
          {invoice.review_reason === "underpaid" || invoice.review_reason === "overpaid" ? (
            <ReviewAmounts invoice={invoice} />
          ) : (
            <ArrivedPayments invoice={invoice} networks={networks} />
          )}
        </>
      )}
      {invoice.status === "expired" && (
        <div className="rounded-xl border p-4">
          <h2 className="font-semibold">{t.alreadyPaid.heading}</h2>
          <p className="mt-1 text-muted-foreground">{t.alreadyPaid.body(name)}</p>
        </div>
      )}
      <SupportContact invoice={invoice} />
    </div>
  );
}
