import type { CheckoutInvoice } from "@/server/api/routers/checkout";
import type { NetworkLabel } from "./network-labels";
import { Receipt } from "./receipt";
import { checkoutStrings as t } from "./strings";

/** What replaces the payment details once nothing more is expected from the customer. */
export function FinalState({ invoice, networks }: { invoice: CheckoutInvoice; networks: Record<string, NetworkLabel> }) {
  if (invoice.status === "paid") return <Receipt invoice={invoice} networks={networks} />;
  if (invoice.status === "created" || invoice.status === "pending" || invoice.status === "partially_paid") return null;

  const { name, support_email } = invoice.merchant;
  return (
    <div className="flex flex-col gap-3 text-sm leading-6">
      <p>{t.final[invoice.status](name)}</p>
      {invoice.status === "review_required" && invoice.review_reason && (
        <p className="text-muted-foreground">{t.reviewReason[invoice.review_reason]}</p>
      )}
      {support_email && (
        <p className="text-muted-foreground">
          {t.contactSupport}{" "}
          <a href={`mailto:${support_email}`} className="font-medium text-accent underline-offset-4 hover:underline">
            {support_email}
          </a>
        </p>
      )}
    </div>
  );
}
