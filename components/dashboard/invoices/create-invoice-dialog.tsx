"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { CopyButton } from "@/components/checkout/copy-button";
import { useTRPC } from "@/components/trpc-provider";
import { Button, buttonClasses } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { FieldError, FieldHint, Input, Label, Select } from "@/components/ui/input";
import { useDashboard } from "../dashboard-context";
import { Amount } from "../display";

const expiries = [
  { seconds: 900, label: "15 minutes" },
  { seconds: 3600, label: "1 hour" },
  { seconds: 86_400, label: "1 day" },
  { seconds: 604_800, label: "7 days" },
] as const;

const form = z.object({
  amount: z
    .string()
    .trim()
    .regex(/^(0|[1-9]\d{0,30})(\.\d{1,18})?$/, "Enter an amount such as 25.00"),
  currency: z.string().min(1),
  order_id: z.string().trim().max(200),
  description: z.string().trim().max(500),
  expires_in: z.string(),
});
type FormValues = z.infer<typeof form>;

/** "New payment link": an invoice made from the dashboard, for merchants without an integration. */
export function CreateInvoiceDialog() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { scope, href } = useDashboard();
  const [open, setOpen] = useState(false);
  const networks = useQuery({ ...trpc.settings.networks.queryOptions(scope), enabled: open });
  const assets = [...new Set((networks.data ?? []).flatMap((n) => n.assets.map((a) => a.symbol)))];
  const create = useMutation(trpc.invoices.create.mutationOptions());
  const f = useForm<FormValues>({
    resolver: zodResolver(form),
    defaultValues: { amount: "", currency: "USDC", order_id: "", description: "", expires_in: "" },
  });

  const onSubmit = f.handleSubmit((v) =>
    create.mutate(
      {
        ...scope,
        amount: v.amount,
        currency: v.currency,
        order_id: v.order_id || undefined,
        description: v.description || undefined,
        expires_in: v.expires_in ? Number(v.expires_in) : undefined,
      },
      {
        onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.invoices.list.pathKey() }),
        onError: (e) => f.setError("root", { message: e.message }),
      },
    ),
  );

  const close = (next: boolean) => {
    setOpen(next);
    if (!next) {
      create.reset();
      f.reset();
    }
  };
  const created = create.data;

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogTrigger className={buttonClasses({ size: "sm" })}>
        <Plus aria-hidden className="size-4" /> New payment link
      </DialogTrigger>
      <DialogContent
        title={created ? "Payment link ready" : "New payment link"}
        description={
          created
            ? "Send this link to your customer. It shows the amount, the address and a QR code, and tracks the payment live."
            : "An invoice with its own deposit address, paid on Payrail's hosted page."
        }
      >
        {created ? (
          <div className="flex flex-col gap-4">
            <div className="rounded-lg border bg-muted/40 p-3">
              <p className="text-xs text-muted-foreground">Amount</p>
              <p className="text-lg font-semibold">
                <Amount value={created.amount} currency={created.currency} />
              </p>
              <p className="mt-3 text-xs text-muted-foreground">Payment link</p>
              <p className="break-all font-mono text-xs" data-testid="payment-link">
                {created.hosted_url}
              </p>
            </div>
            <div className="flex flex-wrap justify-end gap-2">
              <CopyButton value={created.hosted_url} what="payment link" />
              <Link
                href={href(`/invoices/${created.id}`)}
                className={buttonClasses({ variant: "secondary", size: "sm" })}
                onClick={() => setOpen(false)}
              >
                Open invoice
              </Link>
              <Button
                size="sm"
                onClick={() => {
                  create.reset();
                  f.reset();
                }}
              >
                Create another
              </Button>
            </div>
          </div>
        ) : (
          <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
            {f.formState.errors.root && (
              <p
                role="alert"
                className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-500/10 dark:text-red-300"
              >
                {f.formState.errors.root.message}
              </p>
            )}
            <div className="grid grid-cols-[1fr_8rem] gap-3">
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="link-amount">Amount</Label>
                <Input
                  id="link-amount"
                  inputMode="decimal"
                  autoComplete="off"
                  aria-invalid={f.formState.errors.amount ? true : undefined}
                  aria-describedby="link-amount-error"
                  {...f.register("amount")}
                />
                <FieldError id="link-amount-error" message={f.formState.errors.amount?.message} />
              </div>
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="link-currency">Currency</Label>
                <Select id="link-currency" {...f.register("currency")}>
                  {(assets.length ? assets : ["USDC"]).map((a) => (
                    <option key={a} value={a}>
                      {a}
                    </option>
                  ))}
                  <option value="USD">USD (priced in crypto)</option>
                </Select>
              </div>
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="link-description">Description</Label>
              <Input id="link-description" {...f.register("description")} />
              <FieldHint>Shown to the customer on the payment page.</FieldHint>
            </div>
            <div className="grid grid-cols-2 gap-3">
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="link-order">Order id (optional)</Label>
                <Input id="link-order" {...f.register("order_id")} />
              </div>
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="link-expiry">Expires after</Label>
                <Select id="link-expiry" {...f.register("expires_in")}>
                  <option value="">Merchant default</option>
                  {expiries.map((e) => (
                    <option key={e.seconds} value={e.seconds}>
                      {e.label}
                    </option>
                  ))}
                </Select>
              </div>
            </div>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => close(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={create.isPending}>
                {create.isPending ? "Creating…" : "Create payment link"}
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
