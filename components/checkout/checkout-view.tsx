"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { InvoiceStatus } from "@/server/invoices/invoice.schema";
import type { CheckoutInvoice } from "@/server/api/routers/checkout";
import { useTRPC } from "@/components/trpc-provider";
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
import { WalletPay } from "./wallet-pay";

const POLL_MS = 2_000;

interface CheckoutViewProps {
  initialInvoice: CheckoutInvoice;
  /** Passed from the server so the client bundle doesn't pull in the zod schema module for one list. */
  finalStatuses: readonly InvoiceStatus[];
  networks: Record<string, NetworkLabel>;
}

/**
 * The hosted payment card. Starts from the server's invoice and polls `checkout.invoice` every 2 s
 * until the status is final (then never again); the body follows the status: choose an option and
 * pay, payment seen, partly paid, or the receipt / what to do next.
 */
export function CheckoutView({ initialInvoice, finalStatuses, networks }: CheckoutViewProps) {
  const trpc = useTRPC();
  const isFinal = (status: InvoiceStatus | undefined) => status !== undefined && finalStatuses.includes(status);
  const query = useQuery(
    trpc.checkout.invoice.queryOptions(
      { id: initialInvoice.id },
      {
        initialData: initialInvoice,
        refetchInterval: (q) => (isFinal(q.state.data?.status) ? false : POLL_MS),
        refetchOnWindowFocus: (q) => !isFinal(q.state.data?.status),
        refetchOnReconnect: (q) => !isFinal(q.state.data?.status),
      },
    ),
  );
  const invoice = query.data;
  const final = isFinal(invoice.status);
  const open = invoice.status === "created" || invoice.status === "partially_paid";
  const partial = invoice.status === "partially_paid";
  const options = invoice.payment_options;

  // One option goes straight to paying; several start with the choice.
  const [chosen, setChosen] = useState<string | null>(options.length === 1 ? optionKey(options[0]!) : null);
  const option = options.find((o) => optionKey(o) === chosen);
  const [submitted, setSubmitted] = useState<SubmittedTx | null>(null);
  const submittedUnseen = submitted && !invoice.payments.some((p) => p.tx_hash.toLowerCase() === submitted.hash.toLowerCase()) ? submitted : null;

  // Move focus with the view, so keyboard and screen-reader users land on what just appeared.
  const detailsHeading = useRef<HTMLHeadingElement>(null);
  const pickerHeading = useRef<HTMLHeadingElement>(null);
  const focusAfterRender = useRef<"details" | "picker" | null>(null);
  useEffect(() => {
    const target = focusAfterRender.current === "details" ? detailsHeading : focusAfterRender.current === "picker" ? pickerHeading : null;
    focusAfterRender.current = null;
    target?.current?.focus();
  }, [chosen]);
  const choose = (key: string | null) => {
    focusAfterRender.current = key ? "details" : "picker";
    setChosen(key);
  };

  const amountLabel = final ? t.amount : partial ? t.stillDue : t.amountDue;
  const amount = partial
    ? option ? t.amountWithAsset(option.amount_due, option.asset) : t.priceIn(invoice.amount_due, invoice.currency)
    : option ? t.amountWithAsset(option.amount, option.asset) : t.priceIn(invoice.amount, invoice.currency);

  return (
    <Card className="w-full max-w-md">
      <CardSection className="flex flex-col items-center gap-1 text-center">
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

      {/* Fixed slots (body | status | outcome) keep the live region mounted across every switch, so
          assistive technology announces the change instead of meeting a new, silent region. */}
      {open && (
        <CardSection className="flex flex-col gap-5">
          {submittedUnseen && <SubmittedNotice tx={submittedUnseen} networks={networks} />}
          {partial && <PartialNotice invoice={invoice} />}
          {submittedUnseen && !submittedUnseen.reverted ? null : option ? (
            <PaymentDetails
              invoiceId={invoice.id}
              option={option}
              network={networks[option.network] ?? fallbackNetwork(option.network, option.chain_id)}
              headingRef={detailsHeading}
              onChange={options.length > 1 ? () => choose(null) : undefined}
              wallet={
                <WalletPay
                  option={option}
                  network={networks[option.network] ?? fallbackNetwork(option.network, option.chain_id)}
                  onSubmitted={(hash) => setSubmitted({ hash, network: option.network, reverted: false })}
                  onReverted={(hash) => setSubmitted((s) => (s && s.hash === hash ? { ...s, reverted: true } : s))}
                />
              }
            />
          ) : options.length > 0 ? (
            <OptionPicker options={options} networks={networks} showDue={partial} onChoose={choose} headingRef={pickerHeading} />
          ) : (
            <p className="text-sm text-muted-foreground">{t.noPaymentOption}</p>
          )}
          <Countdown expiresAt={invoice.expires_at} />
        </CardSection>
      )}
      {invoice.status === "pending" && (
        <CardSection className="flex flex-col gap-4">
          {submittedUnseen && <SubmittedNotice tx={submittedUnseen} networks={networks} />}
          <PendingNotice invoice={invoice} networks={networks} />
        </CardSection>
      )}
      <CardSection className="bg-muted/40 last:rounded-b-2xl">
        <StatusRegion invoice={invoice} stale={query.isError} />
      </CardSection>
      {final && (
        <CardSection>
          <FinalState invoice={invoice} networks={networks} />
        </CardSection>
      )}
    </Card>
  );
}

/** A network the catalog doesn't know (never expected): its id as the name, no explorer, no wallet RPC. */
function fallbackNetwork(id: string, chainId: number): NetworkLabel {
  return { name: id, explorerUrl: null, chainId, nativeSymbol: "ETH", nativeDecimals: 18, rpcUrl: null };
}
