"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/trpc-provider";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { FieldError, Input, Label, Select, Textarea } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { dashboardResolveRequest } from "@/server/invoices/dashboard-invoice.schema";
import type { ReviewReason } from "@/server/invoices/invoice.schema";
import { useDashboard } from "../dashboard-context";
import { Amount, NetworkName, reviewReasonWords } from "../display";

type Action = "accept" | "refund" | "close";

const actions: { value: Action; label: string; outcome: string }[] = [
  { value: "accept", label: "Accept", outcome: "The invoice becomes Paid with what was received." },
  {
    value: "refund",
    label: "Refund",
    outcome: "The invoice becomes Refunded and a refund is requested to the address you give.",
  },
  { value: "close", label: "Close", outcome: "The invoice becomes Cancelled. Nothing is sent anywhere." },
];

interface Props {
  invoice: { id: string; amount: string; currency: string; amountPaid: string; reviewReason: ReviewReason | null };
}

/**
 * Resolve an invoice in review: accept, refund (address and amount prefilled with what is refundable)
 * or close, with a required note; a confirmation restates what will happen before anything is written.
 */
export function ResolveDialog({ invoice }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { scope } = useDashboard();
  const [open, setOpen] = useState(false);
  const [step, setStep] = useState<"form" | "confirm">("form");
  const [action, setAction] = useState<Action>("accept");
  const [note, setNote] = useState("");
  const [target, setTarget] = useState(0);
  const [address, setAddress] = useState("");
  const [amount, setAmount] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const context = useQuery({
    ...trpc.invoices.reviewContext.queryOptions({ ...scope, id: invoice.id }),
    enabled: open,
  });
  const resolve = useMutation(trpc.invoices.resolve.mutationOptions());
  const refundable = context.data?.refundable ?? [];
  const chosen = refundable[target];

  const pick = (index: number) => {
    setTarget(index);
    setAddress(refundable[index]?.payerAddress ?? "");
    setAmount(refundable[index]?.amount ?? "");
  };

  const request = () => ({
    action,
    note,
    ...(action === "refund" && chosen
      ? {
          refund_address: address.trim(),
          refund_network: chosen.network,
          refund_asset: chosen.asset,
          refund_amount: amount.trim(),
        }
      : {}),
  });

  const review = () => {
    const parsed = dashboardResolveRequest.safeParse(request());
    const next: Record<string, string> = {};
    if (!parsed.success) for (const issue of parsed.error.issues) next[String(issue.path[0])] ??= issue.message;
    if (action === "refund" && !chosen)
      next.refund_address = "Nothing confirmed was received, so nothing can be refunded.";
    setErrors(next);
    if (Object.keys(next).length === 0) setStep("confirm");
  };

  const submit = () =>
    resolve.mutate(
      { ...scope, id: invoice.id, resolution: request() },
      {
        onSuccess: () => {
          toast.success(`Invoice ${action === "accept" ? "accepted" : action === "refund" ? "refunded" : "closed"}`);
          setOpen(false);
          void queryClient.invalidateQueries({ queryKey: trpc.invoices.pathKey() });
          void queryClient.invalidateQueries({ queryKey: trpc.overview.pathKey() });
        },
        onError: (e) => {
          setStep("form");
          setErrors({ form: e.message });
        },
      },
    );

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (next) {
      setStep("form");
      setAction("accept");
      setNote("");
      setErrors({});
      resolve.reset();
    }
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button size="sm" onClick={(e) => e.stopPropagation()}>
          Resolve<span className="sr-only"> invoice {invoice.id}</span>
        </Button>
      </DialogTrigger>
      <DialogContent
        title={step === "form" ? "Resolve invoice" : "Confirm resolution"}
        description={
          <>
            {invoice.reviewReason ? reviewReasonWords[invoice.reviewReason] : "In review"}:{" "}
            <Amount value={invoice.amountPaid} currency={invoice.currency} /> received of{" "}
            <Amount value={invoice.amount} currency={invoice.currency} />.
          </>
        }
      >
        {context.isPending ? (
          <div className="flex flex-col gap-3">
            <Skeleton className="h-9" />
            <Skeleton className="h-20" />
          </div>
        ) : step === "form" ? (
          <div className="flex flex-col gap-4">
            {errors.form && (
              <p
                role="alert"
                className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-500/10 dark:text-red-300"
              >
                {errors.form}
              </p>
            )}
            <fieldset className="flex flex-col gap-2">
              <legend className="mb-1 text-sm font-medium">Decision</legend>
              {actions.map((a) => (
                <label
                  key={a.value}
                  className="flex cursor-pointer items-start gap-3 rounded-lg border p-3 has-[:checked]:border-accent has-[:checked]:bg-accent/5"
                >
                  <input
                    type="radio"
                    name="action"
                    value={a.value}
                    checked={action === a.value}
                    className="mt-0.5"
                    onChange={() => {
                      setAction(a.value);
                      if (a.value === "refund") pick(target);
                    }}
                  />
                  <span>
                    <span className="block text-sm font-medium">{a.label}</span>
                    <span className="block text-xs text-muted-foreground">{a.outcome}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            {action === "refund" && (
              <div className="flex flex-col gap-3 rounded-lg bg-muted/40 p-3">
                {refundable.length > 1 && (
                  <div className="flex flex-col gap-1.5">
                    <Label htmlFor="refund-of">Refund what was received as</Label>
                    <Select id="refund-of" value={target} onChange={(e) => pick(Number(e.target.value))}>
                      {refundable.map((r, i) => (
                        <option key={`${r.network}/${r.asset}`} value={i}>
                          {r.asset} on {r.network} (up to {r.amount})
                        </option>
                      ))}
                    </Select>
                  </div>
                )}
                {chosen && (
                  <p className="text-xs text-muted-foreground">
                    Refundable: <Amount value={chosen.amount} currency={chosen.asset} /> on{" "}
                    <NetworkName id={chosen.network} />
                  </p>
                )}
                <div className="flex flex-col gap-1.5">
                  <Label htmlFor="refund-address">Refund address</Label>
                  <Input
                    id="refund-address"
                    className="font-mono text-xs"
                    value={address}
                    onChange={(e) => setAddress(e.target.value)}
                    aria-invalid={errors.refund_address ? true : undefined}
                    aria-describedby="refund-address-error"
                  />
                  <FieldError id="refund-address-error" message={errors.refund_address} />
                </div>
                <div className="flex flex-col gap-1.5">
                  <Label htmlFor="refund-amount">Refund amount{chosen ? ` (${chosen.asset})` : ""}</Label>
                  <Input
                    id="refund-amount"
                    inputMode="decimal"
                    value={amount}
                    onChange={(e) => setAmount(e.target.value)}
                    aria-invalid={errors.refund_amount ? true : undefined}
                    aria-describedby="refund-amount-error"
                  />
                  <FieldError id="refund-amount-error" message={errors.refund_amount} />
                </div>
              </div>
            )}
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="resolve-note">Note (required)</Label>
              <Textarea
                id="resolve-note"
                value={note}
                onChange={(e) => setNote(e.target.value)}
                placeholder="Why, for whoever reads this later"
                aria-invalid={errors.note ? true : undefined}
                aria-describedby="resolve-note-error"
              />
              <FieldError id="resolve-note-error" message={errors.note} />
            </div>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button onClick={review}>Review</Button>
            </div>
          </div>
        ) : (
          <div className="flex flex-col gap-4">
            <div className="rounded-lg border p-4 text-sm" data-testid="resolution-summary">
              {action === "refund" && chosen ? (
                <>
                  <p className="font-medium">
                    Refund <Amount value={amount.trim()} currency={chosen.asset} /> on{" "}
                    <NetworkName id={chosen.network} />
                  </p>
                  <p className="mt-2 text-xs text-muted-foreground">To</p>
                  <p className="break-all font-mono text-xs">{address.trim()}</p>
                  <p className="mt-2 text-xs text-muted-foreground">
                    Check the address and the network: a refund sent to the wrong address cannot be recalled.
                  </p>
                </>
              ) : action === "accept" ? (
                <p className="font-medium">
                  Accept <Amount value={invoice.amountPaid} currency={invoice.currency} /> as payment: the invoice
                  becomes Paid.
                </p>
              ) : (
                <p className="font-medium">Close the invoice: it becomes Cancelled, and nothing is sent.</p>
              )}
              <p className="mt-3 text-xs text-muted-foreground">Note</p>
              <p className="whitespace-pre-wrap">{note.trim()}</p>
            </div>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => setStep("form")}>
                Back
              </Button>
              <Button onClick={submit} disabled={resolve.isPending}>
                {resolve.isPending
                  ? "Saving…"
                  : action === "refund"
                    ? "Confirm refund"
                    : action === "accept"
                      ? "Confirm accept"
                      : "Confirm close"}
              </Button>
            </div>
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}
