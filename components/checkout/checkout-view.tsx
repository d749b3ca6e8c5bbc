"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import type { InvoiceStatus, PaymentOptionResponse } from "@/server/invoices/invoice.schema";
import type { CheckoutInvoice } from "@/server/api/routers/checkout";
import { useTRPC } from "@/components/trpc-provider";
import { Card, CardSection } from "@/components/ui/card";
import { Countdown } from "./countdown";
import { FinalState } from "./final-state";
import { StatusRegion } from "./invoice-status";
import type { NetworkLabel } from "./network-labels";
import { checkoutStrings as t } from "./strings";

const POLL_MS = 2_000;

interface CheckoutViewProps {
  initialInvoice: CheckoutInvoice;
  /** The payment option the details describe (the first one for now). */
  option: PaymentOptionResponse | undefined;
  /** Passed from the server so the client bundle doesn't pull in the zod schema module for one list. */
  finalStatuses: readonly InvoiceStatus[];
  networks: Record<string, NetworkLabel>;
  /** The server-rendered payment details (address, QR...), shown until the invoice reaches a final status. */
  children: ReactNode;
}

/**
 * The hosted payment card. Starts from the server's invoice, polls `checkout.invoice` every 2 s until
 * the status is final, and swaps the payment details for a receipt or an explanation when it is.
 */
export function CheckoutView({ initialInvoice, option, finalStatuses, networks, children }: CheckoutViewProps) {
  const trpc = useTRPC();
  const isFinal = (status: InvoiceStatus | undefined) => status !== undefined && finalStatuses.includes(status);
  const query = useQuery(
    trpc.checkout.invoice.queryOptions(
      { id: initialInvoice.id },
      {
        initialData: initialInvoice,
        refetchInterval: (q) => (isFinal(q.state.data?.status) ? false : POLL_MS),
      },
    ),
  );
  const invoice = query.data;
  const final = isFinal(invoice.status);

  return (
    <Card className="w-full max-w-md">
      <CardSection className="flex flex-col gap-1 text-center">
        <h1 className="text-base font-semibold">{invoice.merchant.name}</h1>
        {invoice.description && <p className="text-sm text-muted-foreground">{invoice.description}</p>}
        <p className="mt-4 text-xs font-medium uppercase tracking-wide text-muted-foreground">
          {final ? t.amount : t.amountDue}
        </p>
        <p className="text-3xl font-semibold tracking-tight tabular-nums sm:text-4xl">
          {option ? t.amountWithAsset(option.amount, option.asset) : t.priceIn(invoice.amount, invoice.currency)}
        </p>
        {option && option.asset !== invoice.currency && (
          <p className="text-sm text-muted-foreground">{t.priceIn(invoice.amount, invoice.currency)}</p>
        )}
      </CardSection>
      {/* Fixed slots (details | status | outcome) keep the live region mounted across the switch,
          so assistive technology announces the change instead of meeting a new, silent region. */}
      {!final && (
        <CardSection className="flex flex-col gap-5">
          {children}
          <Countdown expiresAt={invoice.expires_at} />
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
