import type { CheckoutInvoice } from "@/server/invoices/find-public-invoice";
import { finalStatuses } from "@/server/invoices/invoice.schema";
import { Card, CardSection } from "@/components/ui/card";
import { Countdown } from "./countdown";
import { FinalState } from "./final-state";
import { StatusRegion } from "./invoice-status";
import { MerchantHeader } from "./merchant-header";
import type { NetworkLabel } from "./network-label";
import { PartialNotice, PendingNotice, SubmittedNotice, type SubmittedTx } from "./notices";
import { optionKey } from "./option-key";
import { OptionPicker } from "./option-picker";
import { PaymentDetails } from "./payment-details";
import { checkoutStrings as t } from "./strings";

export interface CheckoutViewProps {
  invoice: CheckoutInvoice;
  networks: Record<string, NetworkLabel>;
  /** The option the customer chose (`?option=`); ignored unless the invoice has it. */
  chosen: string | null;
  /** A transaction the customer's browser wallet submitted (`?tx=`), until the invoice shows it. */
  submitted: SubmittedTx | null;
  /** Identifies what this rendering shows; the page's script polls for a different one. */
  version: string;
  /** The server's clock (ms), for the countdown's first value and the script's clock skew. */
  now: number;
}

/**
 * The hosted payment card, rendered on the server for every state: choose an option and pay,
 * payment seen, partly paid, or the receipt / what to do next. Sections are `data-region`s that
 * client/main.ts swaps when the invoice changes; the status section stays, so its live region does.
 */
export function CheckoutView({ invoice, networks, chosen, submitted, version, now }: CheckoutViewProps) {
  const final = finalStatuses.includes(invoice.status);
  const open = invoice.status === "created" || invoice.status === "partially_paid";
  const partial = invoice.status === "partially_paid";
  const options = invoice.payment_options;

  // One option goes straight to paying; several start with the choice.
  const option = options.length === 1 ? options[0] : options.find((o) => optionKey(o) === chosen);
  const networkOf = (id: string, chainId: number) => networks[id] ?? fallbackNetwork(id, chainId);
  const submittedUnseen =
    submitted && !invoice.payments.some((p) => p.tx_hash.toLowerCase() === submitted.hash.toLowerCase())
      ? submitted
      : null;

  const amountLabel = final ? t.amount : partial ? t.stillDue : t.amountDue;
  const amount = partial
    ? option
      ? t.amountWithAsset(option.amount_due, option.asset)
      : t.priceIn(invoice.amount_due, invoice.currency)
    : option
      ? t.amountWithAsset(option.amount, option.asset)
      : t.priceIn(invoice.amount, invoice.currency);

  const body = open ? (
    <>
      {submittedUnseen && <SubmittedNotice tx={submittedUnseen} networks={networks} />}
      {partial && <PartialNotice invoice={invoice} />}
      {submittedUnseen && !submittedUnseen.reverted ? null : option ? (
        <PaymentDetails
          invoiceId={invoice.id}
          option={option}
          network={networkOf(option.network, option.chain_id)}
          changeHref={options.length > 1 ? `/pay/${invoice.id}#choose` : undefined}
        />
      ) : options.length > 0 ? (
        <OptionPicker options={options} networks={networks} showDue={partial} />
      ) : (
        <p className="text-sm text-muted-foreground">{t.noPaymentOption}</p>
      )}
      <Countdown expiresAt={invoice.expires_at} now={now} />
    </>
  ) : invoice.status === "pending" ? (
    <>
      {submittedUnseen && <SubmittedNotice tx={submittedUnseen} networks={networks} />}
      <PendingNotice invoice={invoice} networks={networks} />
    </>
  ) : null;

  return (
    <Card
      className="w-full max-w-md"
      data-checkout=""
      data-invoice={invoice.id}
      data-version={version}
      data-now={now}
      data-final={final ? "" : undefined}
    >
      <CardSection data-region="header" className="flex flex-col items-center gap-1 text-center">
        <MerchantHeader merchant={invoice.merchant} />
        {invoice.description && <p className="text-sm text-muted-foreground">{invoice.description}</p>}
        <p className="mt-4 text-xs font-medium uppercase tracking-wide text-muted-foreground">{amountLabel}</p>
        <p className="text-3xl font-semibold tracking-tight tabular-nums sm:text-4xl" data-testid="amount">
          {amount}
        </p>
        {partial ? (
          <p className="text-sm text-muted-foreground">{t.ofTotal(invoice.amount, invoice.currency)}</p>
        ) : (
          option &&
          option.asset !== invoice.currency && (
            // A fiat-priced invoice: the price, and the rate locked when it was created.
            <p className="text-sm text-muted-foreground">
              {t.priceIn(invoice.amount, invoice.currency)}
              {option.rate && ` · ${t.lockedRate(option.asset, option.rate, invoice.currency)}`}
            </p>
          )
        )}
      </CardSection>
      <CardSection
        data-region="body"
        hidden={body === null}
        className={open ? "flex flex-col gap-5" : "flex flex-col gap-4"}
      >
        {body}
      </CardSection>
      <CardSection className="bg-muted/40 last:rounded-b-2xl [&:has(+[hidden])]:rounded-b-2xl">
        <StatusRegion invoice={invoice} />
      </CardSection>
      <CardSection data-region="final" hidden={!final}>
        {final && <FinalState invoice={invoice} networks={networks} />}
      </CardSection>
    </Card>
  );
}

/** A network the catalog doesn't know (never expected): its id as the name, no explorer, no wallet RPC. */
function fallbackNetwork(id: string, chainId: number): NetworkLabel {
  return { name: id, explorerUrl: null, chainId, nativeSymbol: "ETH", nativeDecimals: 18, rpcUrl: null };
}
