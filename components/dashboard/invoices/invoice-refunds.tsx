"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Undo2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { CopyButton } from "@/components/checkout/copy-button";
import { useTRPC } from "@/components/trpc-provider";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { FieldError, FieldHint, Input, Label, Select } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import type { InvoiceResponse } from "@/server/invoices/invoice.schema";
import type { InvoiceRefund } from "@/server/refunds/dashboard-refund.schema";
import type { RefundResponse, RefundStatus } from "@/server/refunds/refund.schema";
import { formatUnits, parseUnits } from "viem";
import { useDashboard } from "../dashboard-context";
import { Amount, DateTime, Mono, NetworkName, TxHash } from "../display";
import { newIdempotencyKey } from "../payouts/use-payout-targets";
import { refusedForGood, useSubmitOnce } from "../submit-once";
import { EmptyState, ErrorState, Panel } from "../states";

/** A refund's status in words and colour: the payout words, "Refunded" once confirmed. */
const refundWords: Record<RefundStatus, [string, BadgeTone]> = {
  awaiting_address: ["Awaiting address", "amber"],
  pending_approval: ["Awaiting approval", "amber"],
  queued: ["Queued", "amber"],
  submitted: ["Sending", "amber"],
  confirmed: ["Refunded", "green"],
  failed: ["Failed", "red"],
  cancelled: ["Cancelled", "gray"],
};

function RefundStatusBadge({ status }: { status: RefundStatus }) {
  const [words, tone] = refundWords[status];
  return <Badge tone={tone}>{words}</Badge>;
}

const CANCELLABLE = new Set<RefundStatus>(["awaiting_address", "pending_approval", "queued"]);
const DECIMAL = /^(0|[1-9]\d{0,30})(\.\d{1,18})?$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** What is still refundable per network and asset: confirmed payments less refunds not cancelled or failed (base units). */
function refundable(invoice: InvoiceResponse, refunds: InvoiceRefund[]) {
  const out = new Map<string, { network: string; asset: string; decimals: number; units: bigint }>();
  for (const p of invoice.payments) {
    if (p.status !== "confirmed") continue;
    const decimals =
      invoice.payment_options.find((o) => o.network === p.network && o.asset === p.asset)?.decimals ?? 18;
    const k = `${p.network}/${p.asset}`;
    const e = out.get(k) ?? { network: p.network, asset: p.asset, decimals, units: 0n };
    e.units += BigInt(p.amount_base_units);
    out.set(k, e);
  }
  for (const r of refunds) {
    if (r.status === "cancelled" || r.status === "failed") continue;
    const e = out.get(`${r.network}/${r.asset}`);
    if (e) e.units -= BigInt(r.amount_base_units);
  }
  return [...out.values()].filter((e) => e.units > 0n);
}

/** The claim link the customer opens, shown once (only its hash is stored), with a copy button. */
function ClaimLink({ url }: { url: string }) {
  return (
    <div className="flex flex-col gap-1.5 rounded-lg border bg-muted/40 p-3" data-testid="claim-link">
      <p className="text-sm font-medium">Send this link to the customer</p>
      <span className="inline-flex flex-wrap items-center gap-2">
        <span className="break-all font-mono text-xs">{url}</span>
        <CopyButton value={url} what="claim link" />
      </span>
      <p className="text-xs text-muted-foreground">
        They enter and confirm their address there; it works once, for 30 days. It is shown only now: copy it, or make a
        new one later.
      </p>
    </div>
  );
}

function RefundDialog({ invoice, refunds }: { invoice: InvoiceResponse; refunds: InvoiceRefund[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { scope } = useDashboard();
  const targets = refundable(invoice, refunds);
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState(0);
  const [amount, setAmount] = useState("");
  const [address, setAddress] = useState("");
  const [errors, setErrors] = useState<{ amount?: string; address?: string; root?: string }>({});
  const [review, setReview] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);
  const [created, setCreated] = useState<RefundResponse | null>(null);
  const create = useMutation(trpc.refunds.create.mutationOptions());
  const submitOnce = useSubmitOnce();
  // Once created, the dialog stays to show the claim link even if nothing is refundable any more.
  const t =
    targets[Math.min(target, targets.length - 1)] ??
    (created ? { network: created.network, asset: created.asset, decimals: 0, units: 0n } : undefined);
  if (!t) return null;
  const most = formatUnits(t.units, t.decimals);
  const shownAmount = amount.trim() || most;

  const close = (next: boolean) => {
    setOpen(next);
    if (!next) {
      setReview(false);
      setAmount("");
      setAddress("");
      setErrors({});
      setCreated(null);
      create.reset();
      setKey(newIdempotencyKey());
    }
  };
  const check = () => {
    const e: typeof errors = {};
    const a = amount.trim();
    if (a) {
      // The regex and the places check first: parseUnits would round extra places instead of refusing them.
      const places = a.split(".")[1]?.length ?? 0;
      const units = DECIMAL.test(a) && places <= t.decimals ? parseUnits(a, t.decimals) : null;
      if (units === null || units <= 0n) e.amount = `Enter an amount of ${t.asset} such as 5.00`;
      else if (units > t.units) e.amount = `At most ${most} ${t.asset} can be refunded`;
    }
    if (address.trim() && !ADDRESS.test(address.trim())) e.address = "Enter an EVM address: 0x and 40 hex digits";
    setErrors(e);
    if (!e.amount && !e.address) setReview(true);
  };
  const send = () =>
    submitOnce((settled) =>
      create.mutate(
        {
          ...scope,
          idempotencyKey: key,
          invoice: invoice.id,
          network: t.network,
          asset: t.asset,
          amount: amount.trim() || undefined,
          address: address.trim() || undefined,
        },
        {
          onSuccess: (refund) => {
            toast.success(refund.claim_url ? "Refund created: send the claim link" : "Refund created");
            void queryClient.invalidateQueries({ queryKey: trpc.refunds.pathKey() });
            void queryClient.invalidateQueries({ queryKey: trpc.invoices.pathKey() });
            if (refund.claim_url) setCreated(refund);
            else close(false);
          },
          onError: (e) => {
            // A refusal created nothing: a new key for the corrected refund. A lost connection or a 5xx
            // leaves it unknown: the same key makes sending again safe.
            setReview(false);
            if (refusedForGood(e)) setKey(newIdempotencyKey());
            setErrors({ root: e.message });
          },
          onSettled: settled,
        },
      ),
    );

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogTrigger className={buttonClasses({ variant: "secondary", size: "sm" })}>
        <Undo2 aria-hidden className="size-4" /> Refund
      </DialogTrigger>
      <DialogContent
        title={created ? "Refund created" : review ? "Send this refund?" : "Refund this invoice"}
        description={
          created
            ? "It waits for the customer's address."
            : review
              ? "A refund sent on chain cannot be taken back."
              : "Leave the address empty to let the customer enter and confirm it on a claim page."
        }
      >
        {created?.claim_url ? (
          <div className="flex flex-col gap-4">
            <ClaimLink url={created.claim_url} />
            <div className="flex justify-end">
              <Button onClick={() => close(false)}>Done</Button>
            </div>
          </div>
        ) : review ? (
          <div className="flex flex-col gap-4">
            <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-2 rounded-lg border bg-muted/40 p-3 text-sm">
              <dt className="text-muted-foreground">Amount</dt>
              <dd className="font-semibold">
                <Amount value={shownAmount} currency={t.asset} />
              </dd>
              <dt className="text-muted-foreground">Network</dt>
              <dd>
                <NetworkName id={t.network} />
              </dd>
              <dt className="text-muted-foreground">To</dt>
              <dd className="break-all font-mono text-xs">
                {address.trim() || (
                  <span className="font-sans text-muted-foreground">The address the customer confirms</span>
                )}
              </dd>
            </dl>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => setReview(false)} disabled={create.isPending}>
                Back
              </Button>
              <Button onClick={send} disabled={create.isPending}>
                {create.isPending ? "Creating…" : `Refund ${shownAmount} ${t.asset}`}
              </Button>
            </div>
          </div>
        ) : (
          <form
            className="flex flex-col gap-4"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              check();
            }}
          >
            {errors.root && (
              <p
                role="alert"
                className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-500/10 dark:text-red-300"
              >
                {errors.root}
              </p>
            )}
            {targets.length > 1 && (
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="refund-target">Paid with</Label>
                <Select id="refund-target" value={target} onChange={(e) => setTarget(Number(e.target.value))}>
                  {targets.map((x, i) => (
                    <option key={`${x.network}/${x.asset}`} value={i}>
                      {x.asset} on {x.network}
                    </option>
                  ))}
                </Select>
              </div>
            )}
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="refund-amount">Amount ({t.asset})</Label>
              <Input
                id="refund-amount"
                inputMode="decimal"
                autoComplete="off"
                placeholder={most}
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
                aria-invalid={errors.amount ? true : undefined}
                aria-describedby="refund-amount-hint refund-amount-error"
              />
              <FieldHint id="refund-amount-hint">
                Refundable: {most} {t.asset}. Empty refunds all of it.
              </FieldHint>
              <FieldError id="refund-amount-error" message={errors.amount} />
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="refund-address">Customer&apos;s address (optional)</Label>
              <Input
                id="refund-address"
                autoComplete="off"
                spellCheck={false}
                placeholder="0x…"
                className="font-mono"
                value={address}
                onChange={(e) => setAddress(e.target.value)}
                aria-invalid={errors.address ? true : undefined}
                aria-describedby="refund-address-hint refund-address-error"
              />
              <FieldHint id="refund-address-hint">
                Never the payer&apos;s &ldquo;from&rdquo; address by default: it is often an exchange&apos;s.
              </FieldHint>
              <FieldError id="refund-address-error" message={errors.address} />
            </div>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => close(false)}>
                Cancel
              </Button>
              <Button type="submit">Review refund</Button>
            </div>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

function RowActions({ refund }: { refund: InvoiceRefund }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { scope } = useDashboard();
  const [link, setLink] = useState<string | null>(null);
  const cancel = useMutation(trpc.refunds.cancel.mutationOptions());
  const renew = useMutation(trpc.refunds.newClaimLink.mutationOptions());
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.refunds.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.invoices.pathKey() });
  };
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-col items-end gap-1 whitespace-nowrap">
        {refund.status === "awaiting_address" && (
          <Button
            variant="secondary"
            size="sm"
            disabled={renew.isPending}
            onClick={() =>
              renew.mutate(
                { ...scope, id: refund.id },
                { onSuccess: (r) => setLink(r.claim_url), onError: (e) => toast.error(e.message) },
              )
            }
          >
            New link
          </Button>
        )}
        {CANCELLABLE.has(refund.status) && (
          <Button
            variant="ghost"
            size="sm"
            disabled={cancel.isPending}
            onClick={() =>
              cancel.mutate(
                { ...scope, id: refund.id },
                {
                  onSuccess: () => {
                    toast.success("Refund cancelled");
                    setLink(null);
                    refresh();
                  },
                  onError: (e) => toast.error(e.message),
                },
              )
            }
          >
            Cancel
          </Button>
        )}
      </div>
      {link && (
        <div className="w-full max-w-sm text-left">
          <ClaimLink url={link} />
        </div>
      )}
    </div>
  );
}

/** The invoice's refunds (status, amount, where to, the payout's transaction) and the "Refund" action. */
export function InvoiceRefunds({ invoice }: { invoice: InvoiceResponse }) {
  const trpc = useTRPC();
  const { scope, can } = useDashboard();
  const query = useQuery(
    trpc.refunds.forInvoice.queryOptions(
      { ...scope, invoice: invoice.id },
      {
        refetchInterval: (q) =>
          q.state.data?.some((r) => r.status === "queued" || r.status === "submitted") ? 5_000 : false,
      },
    ),
  );
  const refundableStatus = invoice.status === "paid" || invoice.status === "refunded";
  const writable = can("payouts:write");
  if (!can("payouts:read")) return null;
  const rows = query.data ?? [];
  return (
    <Panel
      title="Refunds"
      actions={
        refundableStatus && writable && query.data ? <RefundDialog invoice={invoice} refunds={query.data} /> : undefined
      }
    >
      {query.isPending ? (
        <div aria-busy="true" className="p-4">
          <Skeleton className="h-16" />
        </div>
      ) : query.isError ? (
        <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState icon={Undo2} title="No refunds">
          {refundableStatus
            ? writable
              ? "Refund part or all of what this invoice received with the Refund button."
              : "A member with the payouts permission can refund what this invoice received."
            : invoice.status === "review_required"
              ? "Resolve the review with Refund to send the payment back."
              : "Only a paid invoice can be refunded."}
        </EmptyState>
      ) : (
        <Table>
          <THead>
            <tr>
              <TH>Amount</TH>
              <TH>Status</TH>
              <TH>To</TH>
              <TH>Transaction</TH>
              <TH>Created</TH>
              <TH>
                <span className="sr-only">Actions</span>
              </TH>
            </tr>
          </THead>
          <tbody>
            {rows.map((r) => (
              <TR key={r.id}>
                <TD>
                  <Amount value={r.amount} currency={r.asset} className="font-medium" />
                  <span className="block font-mono text-xs text-muted-foreground">{r.id}</span>
                </TD>
                <TD>
                  <RefundStatusBadge status={r.status} />
                </TD>
                <TD>
                  {r.address ? (
                    <Mono value={r.address} copy what="refund address" />
                  ) : (
                    <span className="text-muted-foreground">Claim link</span>
                  )}
                </TD>
                <TD>
                  {r.tx_hash ? (
                    <TxHash hash={r.tx_hash} network={r.network} />
                  ) : (
                    <span className="text-muted-foreground">—</span>
                  )}
                </TD>
                <TD className="whitespace-nowrap text-muted-foreground">
                  <DateTime value={r.created_at} />
                </TD>
                <TD>{writable && <RowActions refund={r} />}</TD>
              </TR>
            ))}
          </tbody>
        </Table>
      )}
    </Panel>
  );
}
