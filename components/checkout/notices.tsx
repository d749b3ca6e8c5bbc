import { CircleAlert, Radar, Send } from "lucide-react";
import type { CheckoutInvoice } from "@/server/invoices/find-public-invoice";
import type { NetworkLabel } from "./network-label";
import { checkoutStrings as t } from "./strings";
import { TxHash } from "./tx-hash";

/** A transaction the customer's browser wallet submitted, until the page's status takes over. */
export interface SubmittedTx {
  hash: string;
  network: string;
  reverted: boolean;
}

/** "Payment sent from your wallet" with its hash; or, if it reverted, that nothing was paid. */
export function SubmittedNotice({ tx, networks }: { tx: SubmittedTx; networks: Record<string, NetworkLabel> }) {
  return (
    <div
      className={
        tx.reverted
          ? "rounded-xl bg-red-50 p-4 text-red-900 dark:bg-red-500/10 dark:text-red-100"
          : "rounded-xl border bg-muted/40 p-4"
      }
    >
      <p className="flex items-center gap-2 text-sm font-semibold">
        {tx.reverted ? (
          <CircleAlert aria-hidden className="size-4" />
        ) : (
          <Send aria-hidden className="size-4 text-accent" />
        )}
        {t.wallet.submittedHeading}
      </p>
      <p className="mt-1 text-sm">{tx.reverted ? t.wallet.errors.reverted : t.wallet.submittedBody}</p>
      <p className="mt-3 text-xs font-medium uppercase tracking-wide text-muted-foreground">{t.wallet.transaction}</p>
      <TxHash hash={tx.hash} network={networks[tx.network]} />
    </div>
  );
}

/** What a customer reads while their payment confirms: it was seen, and they must not pay again. */
export function PendingNotice({
  invoice,
  networks,
}: {
  invoice: CheckoutInvoice;
  networks: Record<string, NetworkLabel>;
}) {
  const seen = invoice.payments.find((p) => p.status === "pending");
  const network = seen ? (networks[seen.network]?.name ?? seen.network) : "";
  return (
    <div className="flex flex-col gap-3">
      <h2 className="flex items-center gap-2 text-base font-semibold">
        <Radar aria-hidden className="size-5 text-amber-600 dark:text-amber-400" />
        {t.pending.heading}
      </h2>
      <p className="text-sm leading-6 text-muted-foreground">{t.pending.body(network)}</p>
      {seen && (
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-muted-foreground">{t.receipt.amount}</dt>
          <dd className="text-right font-medium">{t.amountWithAsset(seen.amount, seen.asset)}</dd>
          <dt className="text-muted-foreground">{t.receipt.transaction}</dt>
          <dd className="min-w-0">
            <TxHash hash={seen.tx_hash} network={networks[seen.network]} align="end" />
          </dd>
        </dl>
      )}
    </div>
  );
}

/** A partly paid invoice: what arrived, what is still due, and that the rest goes to the same address. */
export function PartialNotice({ invoice }: { invoice: CheckoutInvoice }) {
  return (
    <div className="rounded-xl bg-amber-50 p-4 text-amber-950 dark:bg-amber-500/10 dark:text-amber-100">
      <p className="text-sm font-semibold">{t.partial.heading}</p>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt>{t.partial.received}</dt>
        <dd className="text-right font-medium tabular-nums">
          {t.amountWithAsset(invoice.amount_paid, invoice.currency)}
        </dd>
        <dt>{t.partial.stillDue}</dt>
        <dd className="text-right font-semibold tabular-nums">
          {t.amountWithAsset(invoice.amount_due, invoice.currency)}
        </dd>
      </dl>
      <p className="mt-2 text-sm">
        {invoice.payment_options.length > 1 ? t.partial.payRestAnyNetwork : t.partial.payRest}
      </p>
    </div>
  );
}
