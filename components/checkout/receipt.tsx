import { ArrowLeft } from "lucide-react";
import type { CheckoutInvoice } from "@/server/invoices/find-public-invoice";
import { buttonClasses } from "@/components/ui/button";
import { utcLabel } from "@/components/ui/time-labels";
import type { NetworkLabel } from "./network-label";
import { checkoutStrings as t } from "./strings";
import { TxHash } from "./tx-hash";

/** Only http(s) redirect targets become links; anything else (javascript:, data:) is dropped. */
function safeRedirect(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A moment in UTC with the UTC value on hover; client/main.ts shows it in the viewer's time zone (the server can't know it). */
function LocalTime({ iso }: { iso: string }) {
  const utc = utcLabel(iso);
  return (
    <time data-local dateTime={iso} title={utc}>
      {utc}
    </time>
  );
}

/** What a paid invoice shows instead of the payment details: each counted payment, and the way back. */
export function Receipt({ invoice, networks }: { invoice: CheckoutInvoice; networks: Record<string, NetworkLabel> }) {
  const payments = invoice.payments.filter((p) => p.status === "confirmed");
  const back = safeRedirect(invoice.redirect_url);
  return (
    <div className="flex flex-col gap-5">
      <h2 className="text-sm font-semibold">{t.receipt.heading}</h2>
      {payments.map((p) => (
        <dl key={p.id} className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
          <dt className="text-muted-foreground">{t.receipt.amount}</dt>
          <dd className="text-right font-medium tabular-nums">{t.amountWithAsset(p.amount, p.asset)}</dd>
          <dt className="text-muted-foreground">{t.receipt.network}</dt>
          <dd className="text-right">{networks[p.network]?.name ?? p.network}</dd>
          <dt className="text-muted-foreground">{t.receipt.transaction}</dt>
          <dd>
            <TxHash hash={p.tx_hash} network={networks[p.network]} align="end" />
          </dd>
          <dt className="text-muted-foreground">{t.receipt.time}</dt>
          <dd className="text-right">
            <LocalTime iso={p.confirmed_at ?? p.detected_at} />
          </dd>
        </dl>
      ))}
      {back ? (
        <a href={back} className={buttonClasses({ size: "lg", className: "w-full" })}>
          <ArrowLeft aria-hidden className="size-5" />
          {t.backToMerchant(invoice.merchant.name)}
        </a>
      ) : (
        <p className="text-sm text-muted-foreground">{t.receipt.closeHint}</p>
      )}
    </div>
  );
}
