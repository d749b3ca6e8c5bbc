"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ListChecks, Plus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { getAddress } from "viem";
import { useTRPC } from "@/components/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { FieldError, FieldHint, Input, Label, Select } from "@/components/ui/input";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import type { AllowlistEntryView } from "@/server/approvals/allowlist";
import { useDashboard } from "../dashboard-context";
import { Amount, DateTime, Mono, NetworkName } from "../display";
import { EmptyState, ErrorState, PageHeader, Panel, TableSkeleton } from "../states";
import { CodeField } from "./code-field";
import { PayoutsNav } from "../payouts/payouts-nav";

type ErrorData = { param?: string | null } | undefined;

/**
 * Payouts → Allowlist: addresses trusted for payouts (a new live one usable 24 hours after it is added, every owner
 * and admin told) and the live-mode auto-approval limits: a payout to a usable allow-listed address at or under the
 * limit of its network and asset is approved when it is created.
 */
export function AllowlistPage() {
  const { livemode } = useDashboard();
  return (
    <>
      <PageHeader
        title="Payouts"
        description="Trusted addresses, and how much may be paid to them without a second person's approval."
      />
      <PayoutsNav />
      <AllowlistPanel />
      {livemode ? (
        <LimitsPanel />
      ) : (
        <Panel title="Auto-approval limits" className="mt-6">
          <p className="px-4 py-4 text-sm text-muted-foreground">
            Test mode approves every payout at once. In live mode, set here the largest payout approved automatically
            when it goes to a usable allow-listed address.
          </p>
        </Panel>
      )}
    </>
  );
}

function AllowlistPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { scope, can } = useDashboard();
  const entries = useQuery(trpc.approvals.allowlist.queryOptions(scope));
  const remove = useMutation(trpc.approvals.removeAllowlistEntry.mutationOptions());
  const [removing, setRemoving] = useState<AllowlistEntryView | null>(null);
  const mayWrite = can("payouts:approve");

  return (
    <Panel title="Allowlist" actions={mayWrite ? <AddAddressDialog /> : undefined}>
      {entries.isPending ? (
        <TableSkeleton rows={2} columns={4} />
      ) : entries.isError ? (
        <ErrorState message={entries.error.message} onRetry={() => void entries.refetch()} />
      ) : entries.data.length === 0 ? (
        <EmptyState icon={ListChecks} title="No trusted address yet">
          Add the addresses you pay often (suppliers, your own exchange account). Payouts to them under the limit below
          can then be approved automatically.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <Table>
            <THead>
              <tr>
                <TH>Label</TH>
                <TH>Address</TH>
                <TH>Status</TH>
                <TH>Usable from</TH>
                {mayWrite && <TH className="sr-only">Actions</TH>}
              </tr>
            </THead>
            <tbody>
              {entries.data.map((e) => (
                <TR key={e.id}>
                  <TD className="font-medium">{e.label}</TD>
                  <TD>
                    <Mono value={getAddress(e.address)} copy what="address" />
                  </TD>
                  <TD>
                    {e.status === "active" ? (
                      <Badge tone="green">Active</Badge>
                    ) : (
                      <Badge tone="amber">Waiting 24 h</Badge>
                    )}
                  </TD>
                  <TD className="whitespace-nowrap text-muted-foreground">
                    <DateTime value={e.activeAt} />
                  </TD>
                  {mayWrite && (
                    <TD className="text-right">
                      <Button variant="secondary" size="sm" onClick={() => setRemoving(e)}>
                        Remove<span className="sr-only"> {e.label}</span>
                      </Button>
                    </TD>
                  )}
                </TR>
              ))}
            </tbody>
          </Table>
        </div>
      )}
      <Dialog
        open={removing !== null}
        onOpenChange={(open) => {
          if (!open) {
            setRemoving(null);
            remove.reset();
          }
        }}
      >
        {removing && (
          <DialogContent title={`Remove “${removing.label}”?`}>
            <p className="text-sm">
              Payouts to <span className="break-all font-mono text-xs">{getAddress(removing.address)}</span> created
              from now on wait for a person&apos;s approval. Payouts already approved are not affected.
            </p>
            {remove.error && (
              <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-300">
                {remove.error.message}
              </p>
            )}
            <div className="mt-4 flex justify-end gap-2">
              <Button variant="secondary" onClick={() => setRemoving(null)}>
                Keep it
              </Button>
              <Button
                disabled={remove.isPending}
                onClick={() =>
                  remove.mutate(
                    { ...scope, id: removing.id },
                    {
                      onSuccess: () => {
                        setRemoving(null);
                        void queryClient.invalidateQueries({ queryKey: trpc.approvals.allowlist.pathKey() });
                      },
                    },
                  )
                }
              >
                {remove.isPending ? "Removing…" : "Remove address"}
              </Button>
            </div>
          </DialogContent>
        )}
      </Dialog>
    </Panel>
  );
}

function AddAddressDialog() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { scope, livemode } = useDashboard();
  const [open, setOpen] = useState(false);
  const [address, setAddress] = useState("");
  const [label, setLabel] = useState("");
  const [code, setCode] = useState("");
  const add = useMutation(trpc.approvals.addAllowlistEntry.mutationOptions());
  const param = (add.error?.data as ErrorData)?.param ?? null;
  const close = (next: boolean) => {
    setOpen(next);
    if (!next) {
      setAddress("");
      setLabel("");
      setCode("");
      add.reset();
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate(
      { ...scope, address: address.trim(), label: label.trim(), code: livemode ? code : undefined },
      {
        onSuccess: () => {
          void queryClient.invalidateQueries({ queryKey: trpc.approvals.allowlist.pathKey() });
          close(false);
        },
      },
    );
  };
  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogTrigger className={buttonClasses({ size: "sm" })}>
        <Plus aria-hidden className="size-4" /> Add address
      </DialogTrigger>
      <DialogContent
        title="Add a trusted address"
        description={
          livemode
            ? "It becomes usable 24 hours from now, and every owner and admin is told; any of them can remove it meanwhile."
            : "Test mode: usable at once."
        }
      >
        <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
          {add.error && !param && (
            <p
              role="alert"
              className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-500/10 dark:text-red-300"
            >
              {add.error.message}
            </p>
          )}
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="allow-label">Label</Label>
            <Input
              id="allow-label"
              autoComplete="off"
              maxLength={100}
              placeholder="Supplier GmbH"
              value={label}
              onChange={(e) => setLabel(e.target.value)}
              aria-invalid={param === "label" ? true : undefined}
              aria-describedby="allow-label-error"
            />
            <FieldError id="allow-label-error" message={param === "label" ? add.error?.message : undefined} />
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="allow-address">Address</Label>
            <Input
              id="allow-address"
              autoComplete="off"
              spellCheck={false}
              placeholder="0x…"
              className="font-mono"
              value={address}
              onChange={(e) => setAddress(e.target.value)}
              aria-invalid={param === "address" ? true : undefined}
              aria-describedby="allow-address-error"
            />
            <FieldError id="allow-address-error" message={param === "address" ? add.error?.message : undefined} />
            <FieldHint>The same address on every network of this mode.</FieldHint>
          </div>
          {livemode && (
            <CodeField
              id="allow-code"
              value={code}
              onChange={setCode}
              error={param === "code" ? add.error?.message : undefined}
            />
          )}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => close(false)}>
              Cancel
            </Button>
            <Button
              type="submit"
              disabled={add.isPending || !address.trim() || !label.trim() || (livemode && code.trim().length < 6)}
            >
              {add.isPending ? "Adding…" : "Add address"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function LimitsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { scope, can, networks: labels } = useDashboard();
  const limits = useQuery(trpc.approvals.limits.queryOptions(scope));
  const networks = useQuery(trpc.settings.networks.queryOptions(scope));
  const save = useMutation(trpc.approvals.setLimit.mutationOptions());
  const [networkId, setNetworkId] = useState("");
  const [assetSymbol, setAssetSymbol] = useState("");
  const [amount, setAmount] = useState("");
  const [code, setCode] = useState("");
  const mayWrite = can("payouts:approve");
  const network = networks.data?.find((n) => n.id === (networkId || networks.data?.[0]?.id));
  const asset = assetSymbol || network?.assets[0]?.symbol || "";
  const param = (save.error?.data as ErrorData)?.param ?? null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      { ...scope, network: network?.id ?? "", asset, amount: amount.trim(), code },
      {
        onSuccess: () => {
          setAmount("");
          setCode("");
          void queryClient.invalidateQueries({ queryKey: trpc.approvals.limits.pathKey() });
        },
      },
    );
  };

  return (
    <Panel title="Auto-approval limits" className="mt-6">
      {limits.isPending ? (
        <TableSkeleton rows={1} columns={3} />
      ) : limits.isError ? (
        <ErrorState message={limits.error.message} onRetry={() => void limits.refetch()} />
      ) : limits.data.length === 0 ? (
        <p className="px-4 py-4 text-sm text-muted-foreground">
          No limit set: every live payout waits for a person&apos;s approval.
        </p>
      ) : (
        <Table>
          <THead>
            <tr>
              <TH>Network</TH>
              <TH>Largest payout approved automatically</TH>
              <TH>Changed</TH>
            </tr>
          </THead>
          <tbody>
            {limits.data.map((l) => (
              <TR key={`${l.network}/${l.asset}`}>
                <TD>
                  {l.asset} on <NetworkName id={l.network} />
                </TD>
                <TD>
                  <Amount value={l.amountText} currency={l.asset} />
                </TD>
                <TD className="whitespace-nowrap text-muted-foreground">
                  <DateTime value={l.updatedAt} />
                </TD>
              </TR>
            ))}
          </tbody>
        </Table>
      )}
      {mayWrite && networks.data?.length === 0 && (
        <p className="border-t px-4 py-4 text-sm text-muted-foreground">
          No network is enabled in live mode on this Payrail server, so there is no limit to set yet.
        </p>
      )}
      {mayWrite && (networks.data?.length ?? 0) > 0 && (
        <form onSubmit={submit} className="flex flex-col gap-3 border-t px-4 py-4" noValidate>
          <p className="text-sm text-muted-foreground">
            Payouts to usable allow-listed addresses at or under the limit are approved when created, through the API
            too. 0 turns it off. Every owner and admin is told of a change.
          </p>
          {save.error && (!param || param === "network" || param === "asset") && (
            <p role="alert" className="text-sm text-red-700 dark:text-red-300">
              {save.error.message}
            </p>
          )}
          <div className="flex flex-wrap items-start gap-3">
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="limit-network">Network</Label>
              <Select
                id="limit-network"
                value={network?.id ?? ""}
                onChange={(e) => {
                  setNetworkId(e.target.value);
                  setAssetSymbol("");
                }}
              >
                {(networks.data ?? []).map((n) => (
                  <option key={n.id} value={n.id}>
                    {labels[n.id]?.name ?? n.name}
                  </option>
                ))}
              </Select>
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="limit-asset">Asset</Label>
              <Select id="limit-asset" value={asset} onChange={(e) => setAssetSymbol(e.target.value)}>
                {(network?.assets ?? []).map((a) => (
                  <option key={a.symbol} value={a.symbol}>
                    {a.symbol}
                  </option>
                ))}
              </Select>
            </div>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="limit-amount">Limit per payout</Label>
              <Input
                id="limit-amount"
                inputMode="decimal"
                autoComplete="off"
                placeholder="500.00"
                className="w-36"
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
                aria-invalid={param === "amount" ? true : undefined}
                aria-describedby="limit-amount-error"
              />
              <FieldError id="limit-amount-error" message={param === "amount" ? save.error?.message : undefined} />
            </div>
            <CodeField
              id="limit-code"
              label="Authenticator code"
              value={code}
              onChange={setCode}
              error={param === "code" ? save.error?.message : undefined}
            />
            <div className="flex flex-col gap-1.5">
              <span aria-hidden className="text-sm">
                &nbsp;
              </span>
              <Button type="submit" disabled={save.isPending || !network || !amount.trim() || code.trim().length < 6}>
                {save.isPending ? "Saving…" : "Save limit"}
              </Button>
            </div>
          </div>
        </form>
      )}
    </Panel>
  );
}
