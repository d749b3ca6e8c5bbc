"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { z } from "zod";
import { useTRPC } from "@/components/trpc-provider";
import { Button, buttonClasses } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { FieldError, FieldHint, Input, Label, Select } from "@/components/ui/input";
import { useDashboard } from "../dashboard-context";
import { Amount, NetworkName } from "../display";
import { refusedForGood, useSubmitOnce } from "../submit-once";
import { defaultAssetOf, newIdempotencyKey, usePayoutTargets } from "./use-payout-targets";

const form = z.object({
  // Empty until changed: the first network and asset are shown selected and filled in on review.
  network: z.string(),
  asset: z.string(),
  amount: z
    .string()
    .trim()
    .regex(/^(0|[1-9]\d{0,30})(\.\d{1,18})?$/, "Enter an amount such as 25.00"),
  address: z
    .string()
    .trim()
    .regex(/^0x[0-9a-fA-F]{40}$/, "Enter an EVM address: 0x and 40 hex digits"),
  reference: z.string().trim().max(200),
  description: z.string().trim().max(500),
});
type FormValues = z.infer<typeof form>;

/** "New payout": pay one address from the available balance, after a confirmation that restates it. */
export function CreatePayoutDialog() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const { scope, href, livemode } = useDashboard();
  const [open, setOpen] = useState(false);
  const [review, setReview] = useState<FormValues | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const targets = usePayoutTargets(open);
  const create = useMutation(trpc.payouts.create.mutationOptions());
  const f = useForm<FormValues>({
    resolver: zodResolver(form),
    defaultValues: { network: "", asset: "", amount: "", address: "", reference: "", description: "" },
  });
  const [chosenNetwork, chosenAsset] = useWatch({ control: f.control, name: ["network", "asset"] });
  const network = chosenNetwork || targets.networks[0]?.id || "";
  const assets = targets.networks.find((n) => n.id === network)?.assets ?? [];
  const asset = chosenAsset || defaultAssetOf(assets);
  const available = network && asset ? targets.available(network, asset) : null;

  const close = (next: boolean) => {
    setOpen(next);
    if (!next) {
      setReview(null);
      create.reset();
      f.reset();
      setKey(newIdempotencyKey());
    }
  };

  const submitOnce = useSubmitOnce();
  const send = () =>
    review &&
    submitOnce((settled) =>
      create.mutate(
        {
          ...scope,
          idempotencyKey: key,
          network: review.network,
          asset: review.asset,
          amount: review.amount,
          address: review.address,
          reference: review.reference || undefined,
          description: review.description || undefined,
        },
        {
          onSuccess: (payout) => {
            toast.success("Payout created");
            void queryClient.invalidateQueries({ queryKey: trpc.payouts.pathKey() });
            void queryClient.invalidateQueries({ queryKey: trpc.ledger.balances.pathKey() });
            close(false);
            router.push(href(`/payouts/${payout.id}`));
          },
          onError: (e) => {
            // Back to the form with the reason. A refusal created nothing: the corrected payout gets a new
            // key. Otherwise (a lost connection, a 5xx) it may exist: the same key makes sending again safe.
            setReview(null);
            if (refusedForGood(e)) setKey(newIdempotencyKey());
            f.setError("root", { message: e.message });
          },
          onSettled: settled,
        },
      ),
    );

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogTrigger className={buttonClasses({ size: "sm" })}>
        <Plus aria-hidden className="size-4" /> New payout
      </DialogTrigger>
      <DialogContent
        title={review ? "Send this payout?" : "New payout"}
        description={
          review
            ? "Check the address: a payout sent on chain cannot be taken back."
            : livemode
              ? "Paid from your available balance once approved by a second person."
              : "Test mode: paid from your test balance at once, on the test network."
        }
      >
        {review ? (
          <div className="flex flex-col gap-4">
            <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-2 rounded-lg border bg-muted/40 p-3 text-sm">
              <dt className="text-muted-foreground">Amount</dt>
              <dd className="font-semibold">
                <Amount value={review.amount} currency={review.asset} />
              </dd>
              <dt className="text-muted-foreground">Network</dt>
              <dd>
                <NetworkName id={review.network} />
              </dd>
              <dt className="text-muted-foreground">To</dt>
              <dd className="break-all font-mono text-xs" data-testid="confirm-address">
                {review.address}
              </dd>
              {review.reference && (
                <>
                  <dt className="text-muted-foreground">Reference</dt>
                  <dd className="break-all">{review.reference}</dd>
                </>
              )}
            </dl>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => setReview(null)} disabled={create.isPending}>
                Back
              </Button>
              <Button onClick={send} disabled={create.isPending}>
                {create.isPending ? "Sending…" : `Send ${review.amount} ${review.asset}`}
              </Button>
            </div>
          </div>
        ) : (
          <form
            className="flex flex-col gap-4"
            noValidate
            onSubmit={f.handleSubmit((v) => setReview({ ...v, network, asset }), undefined)}
          >
            {f.formState.errors.root && (
              <p
                role="alert"
                className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-500/10 dark:text-red-300"
              >
                {f.formState.errors.root.message}
              </p>
            )}
            <div className="grid grid-cols-2 gap-3">
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="payout-network">Network</Label>
                <Select
                  id="payout-network"
                  {...f.register("network")}
                  value={network}
                  onChange={(e) => {
                    f.setValue("network", e.target.value);
                    f.setValue("asset", "");
                  }}
                >
                  {targets.networks.map((n) => (
                    <option key={n.id} value={n.id}>
                      {n.name}
                    </option>
                  ))}
                </Select>
              </div>
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="payout-asset">Asset</Label>
                <Select id="payout-asset" {...f.register("asset")} value={asset}>
                  {assets.map((a) => (
                    <option key={a.symbol} value={a.symbol}>
                      {a.symbol}
                    </option>
                  ))}
                </Select>
              </div>
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="payout-amount">Amount</Label>
              <Input
                id="payout-amount"
                inputMode="decimal"
                autoComplete="off"
                aria-invalid={f.formState.errors.amount ? true : undefined}
                aria-describedby="payout-amount-hint payout-amount-error"
                {...f.register("amount")}
              />
              <FieldHint id="payout-amount-hint">
                {available !== null ? `Available: ${available} ${asset}` : "\u00a0"}
              </FieldHint>
              <FieldError id="payout-amount-error" message={f.formState.errors.amount?.message} />
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="payout-address">Address</Label>
              <Input
                id="payout-address"
                autoComplete="off"
                spellCheck={false}
                className="font-mono text-xs"
                placeholder="0x…"
                aria-invalid={f.formState.errors.address ? true : undefined}
                aria-describedby="payout-address-error"
                {...f.register("address")}
              />
              <FieldError id="payout-address-error" message={f.formState.errors.address?.message} />
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="payout-reference">Reference (optional)</Label>
              <Input
                id="payout-reference"
                autoComplete="off"
                aria-describedby="payout-reference-hint"
                {...f.register("reference")}
              />
              <FieldHint id="payout-reference-hint">Unique per payout: an invoice or supplier number.</FieldHint>
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="payout-description">Description (optional)</Label>
              <Input id="payout-description" autoComplete="off" {...f.register("description")} />
            </div>
            <div className="flex justify-end">
              <Button type="submit" disabled={targets.loading}>
                Review payout
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
