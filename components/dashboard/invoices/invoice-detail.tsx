"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ExternalLink, Wallet } from "lucide-react";
import { useState, type ReactNode } from "react";
import { toast } from "sonner";
import { CopyButton } from "@/components/checkout/copy-button";
import { useTRPC } from "@/components/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import type { InvoiceResponse } from "@/server/invoices/invoice.schema";
import { useDashboard } from "../dashboard-context";
import { DetailFrame, retryUnlessNotFound, DetailId } from "../detail-frame";
import { Amount, DateTime, Mono, NetworkName, reviewReasonWords, StatusBadge, TxHash } from "../display";
import { ResolveDialog } from "../review/resolve-dialog";
import { EmptyState, Panel } from "../states";
import { EventTimeline, InvoiceDeliveries } from "./invoice-activity";
import { InvoiceRefunds } from "./invoice-refunds";

const OPEN = new Set(["created", "pending", "partially_paid"]);

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

function CancelButton({ invoice }: { invoice: InvoiceResponse }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { scope } = useDashboard();
  const [open, setOpen] = useState(false);
  const cancel = useMutation(trpc.invoices.cancel.mutationOptions());
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger className={buttonClasses({ variant: "secondary", size: "sm" })}>Cancel invoice</DialogTrigger>
      <DialogContent
        title="Cancel this invoice?"
        description={
          <>
            The payment page will say the invoice was cancelled. A payment that still arrives goes to review as a late
            payment.
          </>
        }
      >
        <p className="text-sm">
          Cancel <Amount value={invoice.amount} currency={invoice.currency} />
          {invoice.order_id ? ` for order ${invoice.order_id}` : ""}.
        </p>
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Keep it
          </Button>
          <Button
            disabled={cancel.isPending}
            onClick={() =>
              cancel.mutate(
                { ...scope, id: invoice.id },
                {
                  onSuccess: () => {
                    toast.success("Invoice cancelled");
                    setOpen(false);
                    void queryClient.invalidateQueries({ queryKey: trpc.invoices.pathKey() });
                  },
                  onError: (e) => toast.error(e.message),
                },
              )
            }
          >
            {cancel.isPending ? "Cancelling…" : "Cancel invoice"}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}

function Resolutions({ invoiceId }: { invoiceId: string }) {
  const trpc = useTRPC();
  const { scope } = useDashboard();
  const query = useQuery(trpc.invoices.reviewContext.queryOptions({ ...scope, id: invoiceId }));
  const rows = query.data?.resolutions ?? [];
  if (rows.length === 0) return null;
  return (
    <Panel title="Resolutions">
      <ul className="divide-y">
        {rows.map((r) => (
          <li key={r.id} className="px-4 py-3 text-sm">
            <p>
              <span className="font-medium capitalize">{r.action}</span> by {r.actor} ·{" "}
              <span className="text-muted-foreground">
                <DateTime value={r.createdAt} />
              </span>
            </p>
            {r.action === "refund" && r.refundAmount && (
              <p className="mt-1">
                Refund <Amount value={r.refundAmount} currency={r.refundAsset ?? ""} /> on{" "}
                <NetworkName id={r.refundNetwork ?? ""} /> to <Mono value={r.refundAddress ?? ""} />
              </p>
            )}
            {r.note && <p className="mt-1 text-muted-foreground">“{r.note}”</p>}
          </li>
        ))}
      </ul>
    </Panel>
  );
}

/** One invoice: amounts, how it can be paid, what was paid, its events and webhook deliveries; cancel or resolve. */
export function InvoiceDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const { scope, href, can } = useDashboard();
  const query = useQuery(
    trpc.invoices.get.queryOptions(
      { ...scope, id },
      {
        refetchInterval: (q) => (q.state.data && OPEN.has(q.state.data.status) ? 5_000 : false),
        retry: retryUnlessNotFound,
      },
    ),
  );

  return (
    <DetailFrame
      back={{ href: href("/invoices"), label: "Invoices" }}
      query={query}
      notFound={{ icon: Wallet, title: "No such invoice in this mode" }}
    >
      {(inv) => (
        <>
          <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
            <div>
              <p className="text-xs text-muted-foreground">Invoice</p>
              <div className="flex items-center gap-3">
                <h1 className="text-2xl font-semibold tracking-tight">
                  <Amount value={inv.amount} currency={inv.currency} />
                </h1>
                <StatusBadge status={inv.status} />
                {inv.review_reason && <Badge tone="red">{reviewReasonWords[inv.review_reason]}</Badge>}
              </div>
              <DetailId id={inv.id} what="invoice id" />
            </div>
            <div className="flex items-center gap-2">
              <a
                href={inv.hosted_url}
                target="_blank"
                rel="noreferrer"
                className={buttonClasses({ variant: "secondary", size: "sm" })}
              >
                Payment page <ExternalLink aria-hidden className="size-3.5" />
              </a>
              {inv.status === "created" && can("invoices:cancel") && <CancelButton invoice={inv} />}
              {inv.status === "review_required" && can("invoices:resolve") && (
                <ResolveDialog
                  invoice={{
                    id: inv.id,
                    amount: inv.amount,
                    currency: inv.currency,
                    amountPaid: inv.amount_paid,
                    reviewReason: inv.review_reason,
                  }}
                />
              )}
            </div>
          </div>

          <div className="flex flex-col gap-6">
            <Panel title="Summary">
              <dl className="grid grid-cols-2 gap-x-6 gap-y-4 p-4 sm:grid-cols-4">
                <Field label="Amount">
                  <Amount value={inv.amount} currency={inv.currency} />
                </Field>
                <Field label="Paid">
                  <Amount value={inv.amount_paid} currency={inv.currency} />
                </Field>
                <Field label="Due">
                  <Amount value={inv.amount_due} currency={inv.currency} />
                </Field>
                <Field label="Overpaid">
                  <Amount value={inv.amount_overpaid} currency={inv.currency} />
                </Field>
                <Field label="Refunded">
                  <Amount value={inv.amount_refunded} currency={inv.currency} />
                </Field>
                <Field label="Order">{inv.order_id ?? "—"}</Field>
                <Field label="Created">
                  <DateTime value={inv.created_at} />
                </Field>
                <Field label="Expires">
                  <DateTime value={inv.expires_at} />
                </Field>
                <Field label="Paid at">{inv.paid_at ? <DateTime value={inv.paid_at} /> : "—"}</Field>
                <div className="col-span-2 sm:col-span-4">
                  <Field label="Description">{inv.description ?? "—"}</Field>
                </div>
                <div className="col-span-2 sm:col-span-4">
                  <Field label="Payment link">
                    <span className="inline-flex flex-wrap items-center gap-2">
                      <span className="break-all font-mono text-xs">{inv.hosted_url}</span>
                      <CopyButton value={inv.hosted_url} what="payment link" />
                    </span>
                  </Field>
                </div>
                {Object.keys(inv.metadata).length > 0 && (
                  <div className="col-span-2 sm:col-span-4">
                    <Field label="Metadata">
                      <code className="font-mono text-xs">{JSON.stringify(inv.metadata)}</code>
                    </Field>
                  </div>
                )}
              </dl>
            </Panel>

            <Panel title="Payment options">
              <Table>
                <THead>
                  <tr>
                    <TH>Network</TH>
                    <TH>Asset</TH>
                    <TH>Amount</TH>
                    <TH>Still due</TH>
                    <TH>Deposit address</TH>
                  </tr>
                </THead>
                <tbody>
                  {inv.payment_options.map((o) => (
                    <TR key={`${o.network}/${o.asset}`}>
                      <TD>
                        <NetworkName id={o.network} />
                      </TD>
                      <TD>{o.asset}</TD>
                      <TD>
                        <Amount value={o.amount} currency={o.asset} />
                        {o.rate && <span className="block text-xs text-muted-foreground">rate {o.rate}</span>}
                      </TD>
                      <TD>
                        <Amount value={o.amount_due} currency={o.asset} />
                      </TD>
                      <TD>
                        <Mono value={o.address} copy what="deposit address" />
                      </TD>
                    </TR>
                  ))}
                </tbody>
              </Table>
            </Panel>

            <Panel title="Payments">
              {inv.payments.length === 0 ? (
                <EmptyState icon={Wallet} title="No payments seen yet">
                  Payments to the deposit address appear here as soon as they are in a block.
                </EmptyState>
              ) : (
                <Table>
                  <THead>
                    <tr>
                      <TH>Amount</TH>
                      <TH>Network</TH>
                      <TH>Transaction</TH>
                      <TH>From</TH>
                      <TH>Confirmations</TH>
                      <TH>Status</TH>
                      <TH>Seen</TH>
                    </tr>
                  </THead>
                  <tbody>
                    {inv.payments.map((p) => (
                      <TR key={p.id}>
                        <TD>
                          <Amount value={p.amount} currency={p.asset} className="font-medium" />
                        </TD>
                        <TD>
                          <NetworkName id={p.network} />
                        </TD>
                        <TD>
                          <TxHash hash={p.tx_hash} network={p.network} />
                        </TD>
                        <TD>
                          <Mono value={p.from} />
                        </TD>
                        <TD className="tabular-nums">
                          {Math.min(p.confirmations, p.required_confirmations)} of {p.required_confirmations}
                        </TD>
                        <TD>
                          <Badge tone={p.status === "confirmed" ? "green" : p.status === "pending" ? "amber" : "red"}>
                            {p.status}
                          </Badge>
                        </TD>
                        <TD className="whitespace-nowrap text-muted-foreground">
                          <DateTime value={p.detected_at} />
                        </TD>
                      </TR>
                    ))}
                  </tbody>
                </Table>
              )}
            </Panel>

            <InvoiceRefunds invoice={inv} />
            <Resolutions invoiceId={inv.id} />
            <EventTimeline invoiceId={inv.id} />
            <InvoiceDeliveries invoiceId={inv.id} />
          </div>
        </>
      )}
    </DetailFrame>
  );
}
