"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, Plus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { CopyButton } from "@/components/checkout/copy-button";
import { useTRPC } from "@/components/trpc-provider";
import { apiScopes, permissionsForScopes, type ApiScope } from "@/server/auth/api-scopes";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { FieldError, FieldHint, Input, Label } from "@/components/ui/input";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { useDashboard } from "../dashboard-context";
import { DateTime } from "../display";
import { cursorParams, Pager, useUrlCursor } from "../pager";
import { EmptyState, ErrorState, Panel, TableSkeleton } from "../states";

/** What each scope lets a key do, as the create dialog says it. */
const scopeLabels: Record<ApiScope, string> = {
  "invoices:read": "Read invoices and their events",
  "invoices:write": "Create, cancel and resolve invoices",
  "events:read": "Read events",
  "webhooks:read": "Read webhook endpoints and deliveries",
  "webhooks:write": "Manage webhook endpoints, resend deliveries",
  "balances:read": "Read balances and balance transactions",
  "exports:read": "Download CSV exports",
  "reconciliation:read": "Read the reconciliation report",
  "networks:read": "List networks and assets",
  "withdrawals:read": "Read auto-withdrawal rules and withdrawals",
  "withdrawals:write": "Add and delete auto-withdrawal rules",
  "payouts:read": "Read payouts and payout batches",
  "payouts:write": "Create and cancel payouts and payout batches",
  read: "Read everything above",
};

function CreateKeyDialog() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { scope, livemode, can } = useDashboard();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const create = useMutation(trpc.apiKeys.create.mutationOptions());
  // A key never does more than its creator's role: scopes (and a full secret key) the role does not cover are not offered.
  const grantable = (scopes: readonly ApiScope[] | null) => permissionsForScopes(scopes).every((p) => can(p));
  const mayFull = grantable(null);
  const [restricted, setRestricted] = useState(!mayFull);
  const [chosen, setChosen] = useState<ApiScope[]>([]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "").trim();
    if (!name) return setError("Name the key after what uses it");
    if (restricted && chosen.length === 0) return setError("Choose at least one scope for a restricted key");
    create.mutate(
      { ...scope, name, ...(restricted ? { scopes: chosen } : {}) },
      {
        onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.pathKey() }),
        onError: (e) => setError(e.message),
      },
    );
  };
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) {
      create.reset();
      setError(undefined);
    }
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger className={buttonClasses({ size: "sm" })}>
        <Plus aria-hidden className="size-4" /> Create {livemode ? "live" : "test"} key
      </DialogTrigger>
      <DialogContent
        title={create.data ? "Copy your new key" : `New ${livemode ? "live" : "test"} API key`}
        description={
          create.data
            ? "This is the only time the key is shown. Store it in your secrets manager now."
            : livemode
              ? "A live key creates real invoices on mainnets."
              : "A test key works on test networks only."
        }
      >
        {create.data ? (
          <div className="flex flex-col gap-4">
            <div className="flex items-center gap-2 rounded-lg border bg-muted/40 p-3">
              <code className="flex-1 break-all font-mono text-xs" data-testid="new-api-key">
                {create.data.key}
              </code>
              <CopyButton value={create.data.key} what="API key" />
            </div>
            <div className="flex justify-end">
              <Button onClick={() => onOpenChange(false)}>Done</Button>
            </div>
          </div>
        ) : (
          <form onSubmit={onSubmit} className="flex flex-col gap-4" noValidate>
            <div className="flex flex-col gap-1.5">
              <Label htmlFor="key-name">Name</Label>
              <Input
                id="key-name"
                name="name"
                placeholder="Shop backend"
                aria-invalid={error ? true : undefined}
                aria-describedby="key-name-hint key-name-error"
              />
              <FieldHint id="key-name-hint">
                Who or what uses this key, so you know what breaks if you revoke it.
              </FieldHint>
              <FieldError id="key-name-error" message={error} />
            </div>
            <fieldset className="flex flex-col gap-2">
              <legend className="mb-1 text-sm font-medium">Access</legend>
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="radio"
                  name="access"
                  checked={!restricted}
                  disabled={!mayFull}
                  onChange={() => setRestricted(false)}
                />
                Full access (secret key, <code className="font-mono text-xs">sk_</code>)
                {!mayFull && <span className="text-muted-foreground"> — needs a role with every permission</span>}
              </label>
              <label className="flex items-center gap-2 text-sm">
                <input type="radio" name="access" checked={restricted} onChange={() => setRestricted(true)} />
                Restricted (<code className="font-mono text-xs">rk_</code>): only the scopes below
              </label>
              {restricted && (
                <div className="ml-6 grid gap-1.5">
                  {apiScopes.map((s) => (
                    <label key={s} className="flex items-center gap-2 text-sm">
                      <input
                        type="checkbox"
                        disabled={!grantable([s])}
                        checked={chosen.includes(s)}
                        onChange={(e) => setChosen((c) => (e.target.checked ? [...c, s] : c.filter((x) => x !== s)))}
                      />
                      <code className="font-mono text-xs">{s}</code>
                      <span className="text-muted-foreground">{scopeLabels[s]}</span>
                    </label>
                  ))}
                </div>
              )}
            </fieldset>
            <div className="flex justify-end gap-2">
              <Button variant="secondary" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={create.isPending}>
                {create.isPending ? "Creating…" : "Create key"}
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}

function RevokeButton({ id, label }: { id: string; label: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { scope } = useDashboard();
  const [open, setOpen] = useState(false);
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions());
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger className={buttonClasses({ variant: "secondary", size: "sm" })}>
        Revoke<span className="sr-only"> {label}</span>
      </DialogTrigger>
      <DialogContent
        title="Revoke this key?"
        description="Requests with it are refused at once (401). This cannot be undone."
      >
        <p className="text-sm">
          Revoke <strong>{label}</strong>.
        </p>
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Keep it
          </Button>
          <Button
            disabled={revoke.isPending}
            onClick={() =>
              revoke.mutate(
                { ...scope, id },
                {
                  onSuccess: () => {
                    toast.success("Key revoked");
                    setOpen(false);
                    void queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.pathKey() });
                  },
                  onError: (e) => toast.error(e.message),
                },
              )
            }
          >
            {revoke.isPending ? "Revoking…" : "Revoke key"}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}

/** API keys of this mode: name, prefix, last used, revoke; a new key is shown once. */
export function ApiKeysPanel() {
  const trpc = useTRPC();
  const { scope, can } = useDashboard();
  const [cursor, setCursor] = useUrlCursor();
  const query = useQuery(trpc.apiKeys.list.queryOptions({ ...scope, ...cursorParams(cursor) }));
  const mayWrite = can("api_keys:write");
  return (
    <Panel title="API keys" actions={mayWrite ? <CreateKeyDialog /> : undefined}>
      {query.isPending ? (
        <TableSkeleton rows={3} columns={7} />
      ) : query.isError ? (
        <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
      ) : query.data.data.length === 0 ? (
        <EmptyState icon={KeyRound} title="No API keys in this mode">
          Create a key for your backend to create invoices and read their status.
        </EmptyState>
      ) : (
        <>
          <Table>
            <THead>
              <tr>
                <TH>Name</TH>
                <TH className="hidden sm:table-cell">Key</TH>
                <TH className="hidden md:table-cell">Access</TH>
                <TH className="hidden md:table-cell">Created by</TH>
                <TH className="hidden sm:table-cell">Created</TH>
                <TH className="hidden md:table-cell">Last used</TH>
                <TH>Status</TH>
                {mayWrite && <TH className="text-right">Action</TH>}
              </tr>
            </THead>
            <tbody>
              {query.data.data.map((k) => (
                <TR key={k.id}>
                  <TD className="font-medium">{k.name ?? <span className="text-muted-foreground">Unnamed</span>}</TD>
                  <TD className="hidden font-mono text-xs sm:table-cell">{k.prefix}…</TD>
                  <TD className="hidden text-xs md:table-cell">{k.scopes ? k.scopes.join(", ") : "Full access"}</TD>
                  <TD className="hidden text-sm md:table-cell">
                    {k.createdBy ? (
                      (k.createdBy.name ?? k.createdBy.email)
                    ) : (
                      <span className="text-muted-foreground">CLI</span>
                    )}
                    {k.createdBy && !k.createdBy.isMember && !k.revokedAt && (
                      <>
                        {" "}
                        <Badge tone="amber">Former member</Badge>
                      </>
                    )}
                  </TD>
                  <TD className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
                    <DateTime value={k.createdAt} />
                  </TD>
                  <TD className="hidden whitespace-nowrap text-muted-foreground md:table-cell">
                    {k.lastUsedAt ? <DateTime value={k.lastUsedAt} /> : "Never"}
                  </TD>
                  <TD>{k.revokedAt ? <Badge tone="gray">Revoked</Badge> : <Badge tone="green">Active</Badge>}</TD>
                  {mayWrite && (
                    <TD className="text-right">
                      {!k.revokedAt && <RevokeButton id={k.id} label={`${k.name ?? "key"} (${k.prefix}…)`} />}
                    </TD>
                  )}
                </TR>
              ))}
            </tbody>
          </Table>
          <Pager
            label="API keys"
            cursor={cursor}
            onChange={setCursor}
            rows={query.data.data}
            hasMore={query.data.has_more}
          />
        </>
      )}
    </Panel>
  );
}
