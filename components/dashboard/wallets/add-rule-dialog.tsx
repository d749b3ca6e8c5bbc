"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/trpc-provider";
import { Button, buttonClasses } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { FieldError, FieldHint, Input, Label, Select } from "@/components/ui/input";
import { useDashboard } from "../dashboard-context";

interface Draft {
  network: string;
  asset: string;
  address: string;
  threshold: string;
  keep: string;
}

const empty: Draft = { network: "", asset: "", address: "", threshold: "", keep: "" };

/**
 * "Add rule": the form, then a confirmation that restates where the money will go, then the rule. The server
 * checks everything (address, minimum, asset) and names the field it refuses.
 */
export function AddRuleDialog() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { scope, livemode, networks: labels } = useDashboard();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Draft>(empty);
  const [confirming, setConfirming] = useState(false);
  const networks = useQuery({ ...trpc.settings.networks.queryOptions(scope), enabled: open });
  const create = useMutation(trpc.withdrawals.createRule.mutationOptions());
  const network = networks.data?.find((n) => n.id === (draft.network || networks.data?.[0]?.id));
  const asset = draft.asset || network?.assets[0]?.symbol || "";
  const param = (create.error?.data as { param?: string | null } | undefined)?.param ?? null;
  const networkName = network ? (labels[network.id]?.name ?? network.name) : "";

  const close = (next: boolean) => {
    setOpen(next);
    if (!next) {
      setDraft(empty);
      setConfirming(false);
      create.reset();
    }
  };
  const set = (field: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [field]: e.target.value, ...(field === "network" ? { asset: "" } : {}) }));
  const review = (e: FormEvent) => {
    e.preventDefault();
    create.reset();
    setConfirming(true);
  };
  const submit = () =>
    create.mutate(
      {
        ...scope,
        network: network?.id ?? "",
        asset,
        address: draft.address.trim(),
        threshold: draft.threshold.trim(),
        keep: draft.keep.trim() || undefined,
      },
      {
        onSuccess: () => {
          void queryClient.invalidateQueries({ queryKey: trpc.withdrawals.rules.pathKey() });
          close(false);
        },
        onError: () => setConfirming(false),
      },
    );

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogTrigger className={buttonClasses({ size: "sm" })}>
        <Plus aria-hidden className="size-4" /> Add rule
      </DialogTrigger>
      <DialogContent
        title={confirming ? "Confirm the auto-withdrawal" : "Add an auto-withdrawal rule"}
        description={
          confirming
            ? undefined
            : "When your available balance reaches the threshold, everything above what you keep is sent to your address. A new rule replaces the current one for the same network and asset."
        }
      >
        {confirming ? (
          <div className="flex flex-col gap-4">
            <p className="text-sm" data-testid="rule-summary">
              When your available {asset} on {networkName} reaches {draft.threshold} {asset}, everything above{" "}
              {draft.keep || "0"} {asset} will be sent to{" "}
              <span className="break-all font-mono text-xs">{draft.address.trim()}</span>.
            </p>
            <p className="text-sm text-muted-foreground">
              {livemode
                ? "A new address becomes active 24 hours from now, and every owner and admin is told. You can delete the rule meanwhile."
                : "Test mode: the rule is active at once."}
            </p>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => setConfirming(false)}>
                Back
              </Button>
              <Button onClick={submit} disabled={create.isPending}>
                {create.isPending ? "Adding…" : "Add rule"}
              </Button>
            </div>
          </div>
        ) : (
          <form onSubmit={review} className="flex flex-col gap-4" noValidate>
            {create.error && !param && (
              <p
                role="alert"
                className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-500/10 dark:text-red-300"
              >
                {create.error.message}
              </p>
            )}
            <div className="grid grid-cols-2 gap-3">
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="rule-network">Network</Label>
                <Select id="rule-network" value={network?.id ?? ""} onChange={set("network")}>
                  {(networks.data ?? []).map((n) => (
                    <option key={n.id} value={n.id}>
                      {labels[n.id]?.name ?? n.name}
                    </option>
                  ))}
                </Select>
              </div>
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="rule-asset">Asset</Label>
                <Select id="rule-asset" value={asset} onChange={set("asset")}>
                  {(network?.assets ?? []).map((a) => (
                    <option key={a.symbol} value={a.symbol}>
                      {a.symbol}
                    </option>
                  ))}
                </Select>
              </div>
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="rule-address">Your wallet address</Label>
              <Input
                id="rule-address"
                autoComplete="off"
                spellCheck={false}
                placeholder="0x…"
                className="font-mono"
                value={draft.address}
                onChange={set("address")}
                aria-invalid={param === "address" ? true : undefined}
                aria-describedby="rule-address-error"
              />
              <FieldError id="rule-address-error" message={param === "address" ? create.error?.message : undefined} />
            </div>
            <div className="grid grid-cols-2 gap-3">
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="rule-threshold">Threshold</Label>
                <Input
                  id="rule-threshold"
                  inputMode="decimal"
                  autoComplete="off"
                  value={draft.threshold}
                  onChange={set("threshold")}
                  aria-invalid={param === "threshold" ? true : undefined}
                  aria-describedby="rule-threshold-error"
                />
                <FieldError
                  id="rule-threshold-error"
                  message={param === "threshold" ? create.error?.message : undefined}
                />
              </div>
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="rule-keep">Keep (optional)</Label>
                <Input
                  id="rule-keep"
                  inputMode="decimal"
                  autoComplete="off"
                  value={draft.keep}
                  onChange={set("keep")}
                  aria-invalid={param === "keep" ? true : undefined}
                  aria-describedby="rule-keep-error"
                />
                <FieldError id="rule-keep-error" message={param === "keep" ? create.error?.message : undefined} />
              </div>
            </div>
            <FieldHint>
              Amounts in {asset || "the asset"}. The gas is paid by Payrail&apos;s gas wallet, not from your balance.
            </FieldHint>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => close(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={!network || !draft.address || !draft.threshold}>
                Review
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
