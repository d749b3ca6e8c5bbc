"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CheckCheck, ShieldAlert } from "lucide-react";
import Link from "next/link";
import { useMemo, useState, type FormEvent } from "react";
import { getAddress } from "viem";
import { useTRPC } from "@/components/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Label, Textarea } from "@/components/ui/input";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { approvalDigest } from "@/server/approvals/approval-digest";
import type { ApprovalQueueItem } from "@/server/approvals/list-approval-queue";
import { useDashboard } from "../dashboard-context";
import { Amount, DateTime, Mono, NetworkName } from "../display";
import { EmptyState, ErrorState, PageHeader, Panel, TableSkeleton } from "../states";
import { CodeField } from "./code-field";
import { PayoutsNav } from "../payouts/payouts-nav";

/** Rows of a batch shown before "Show all". */
const PREVIEW_ROWS = 5;

/**
 * Payouts → Approvals: live payouts and batches waiting for another member's approval, each with exactly what will be
 * sent (network, asset, token, every address and amount) and the digest of that content, which the approval submits
 * with the approver's code so the server refuses it if anything changed.
 */
export function ApprovalsPage() {
  const trpc = useTRPC();
  const { scope, livemode, can, href } = useDashboard();
  const queue = useQuery(trpc.approvals.queue.queryOptions(scope));
  const totp = useQuery(trpc.security.totpStatus.queryOptions());
  const mayApprove = can("payouts:approve");

  return (
    <>
      <PageHeader
        title="Payouts"
        description="Live payouts wait for approval by another member, who confirms with a code from their authenticator app."
      />
      <PayoutsNav />
      {!livemode && (
        <p className="mb-4 rounded-lg border border-amber-300/60 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-400/30 dark:bg-amber-500/10 dark:text-amber-200">
          Test mode approves payouts at once, so nothing waits here. Live payouts appear here unless they are approved
          automatically (see the allowlist).
        </p>
      )}
      {mayApprove && totp.data && totp.data.state !== "on" && (
        <p className="mb-4 flex items-start gap-2 rounded-lg border px-4 py-3 text-sm">
          <ShieldAlert aria-hidden className="mt-0.5 size-4 shrink-0 text-amber-600" />
          <span>
            Approving needs two-factor authentication.{" "}
            <Link href={href("/settings/security")} className="font-medium text-accent hover:underline">
              Set it up in Settings → Security
            </Link>
            .
          </span>
        </p>
      )}
      {queue.isPending ? (
        <Panel title="Waiting for approval">
          <TableSkeleton rows={3} columns={4} />
        </Panel>
      ) : queue.isError ? (
        <Panel title="Waiting for approval">
          <ErrorState message={queue.error.message} onRetry={() => void queue.refetch()} />
        </Panel>
      ) : queue.data.data.length === 0 ? (
        <Panel title="Waiting for approval">
          <EmptyState icon={CheckCheck} title="Nothing waits for approval">
            Live payouts and batches that need a second person appear here, with every address and amount.
          </EmptyState>
        </Panel>
      ) : (
        <div className="flex flex-col gap-4">
          <p className="text-sm text-muted-foreground" aria-live="polite">
            {queue.data.data.length} waiting{queue.data.has_more ? " (the oldest 50 shown)" : ""}, oldest first.
          </p>
          {queue.data.data.map((item) => (
            <ApprovalCard
              key={item.content.id}
              item={item}
              mayApprove={mayApprove}
              totpOn={totp.data?.state === "on"}
            />
          ))}
        </div>
      )}
    </>
  );
}

function ApprovalCard({ item, mayApprove, totpOn }: { item: ApprovalQueueItem; mayApprove: boolean; totpOn: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { scope } = useDashboard();
  const [expanded, setExpanded] = useState(false);
  const [dialog, setDialog] = useState<"approve" | "reject" | null>(null);
  const [code, setCode] = useState("");
  const [reason, setReason] = useState("");
  const approve = useMutation(trpc.approvals.approve.mutationOptions());
  const reject = useMutation(trpc.approvals.reject.mutationOptions());
  const { content, shown } = item;
  // What the approval is bound to: computed here from the very rows shown below.
  const digest = useMemo(() => approvalDigest(content), [content]);
  const isBatch = content.kind === "batch";
  const count = content.payouts.length;
  const addresses = new Set(content.payouts.map((p) => p.address)).size;
  const rows = expanded ? content.payouts : content.payouts.slice(0, PREVIEW_ROWS);
  const title = isBatch ? `Batch of ${count} payout${count === 1 ? "" : "s"}` : "Payout";
  const done = () => {
    setDialog(null);
    setCode("");
    setReason("");
    void queryClient.invalidateQueries({ queryKey: trpc.approvals.queue.pathKey() });
  };
  const close = () => {
    setDialog(null);
    approve.reset();
    reject.reset();
  };
  const submitApprove = (e: FormEvent) => {
    e.preventDefault();
    approve.mutate({ ...scope, kind: content.kind, id: content.id, digest, code }, { onSuccess: done });
  };

  return (
    <section
      aria-label={`${title}: ${shown.total} ${content.asset}`}
      className="overflow-hidden rounded-xl border bg-card"
      data-testid="approval-item"
    >
      <div className="flex flex-wrap items-start justify-between gap-3 border-b px-4 py-3">
        <div className="min-w-0">
          <h2 className="flex flex-wrap items-center gap-2 text-sm font-semibold">
            {title}
            <Badge tone="amber">Waiting for approval</Badge>
          </h2>
          <p className="mt-1 text-sm text-muted-foreground">
            Created by <span className="text-foreground">{item.createdBy.label}</span>{" "}
            <DateTime value={item.createdAt} /> · <Mono value={content.id} />
          </p>
        </div>
        <div className="sm:text-right">
          <div className="text-lg font-semibold">
            <Amount value={shown.total} currency={content.asset} />
          </div>
          <div className="text-xs text-muted-foreground">
            on <NetworkName id={content.network} /> · {content.token ? <Mono value={content.token} /> : "native asset"}
          </div>
        </div>
      </div>
      <div className="overflow-x-auto">
        <Table>
          <THead>
            <tr>
              {isBatch && <TH className="w-12">#</TH>}
              <TH className="text-right">Amount</TH>
              <TH>To address</TH>
              <TH>Reference</TH>
            </tr>
          </THead>
          <tbody>
            {rows.map((p, i) => (
              <TR key={p.id}>
                {isBatch && <TD className="text-muted-foreground tabular-nums">{i + 1}</TD>}
                {/* Amount first: at phone width it stays in view while the address scrolls sideways. */}
                <TD className="text-right">
                  <Amount value={shown.amounts[i]!} currency={content.asset} />
                </TD>
                <TD>
                  {/* Whole and checksummed: the approver checks every character. */}
                  <span className="whitespace-nowrap font-mono text-xs" title={p.address}>
                    {getAddress(p.address)}
                  </span>
                </TD>
                <TD className="text-muted-foreground">{item.references[i] ?? "—"}</TD>
              </TR>
            ))}
          </tbody>
        </Table>
      </div>
      {count > PREVIEW_ROWS && (
        <div className="border-t px-4 py-2">
          <Button variant="ghost" size="sm" onClick={() => setExpanded((e) => !e)} aria-expanded={expanded}>
            {expanded ? "Show fewer" : `Show all ${count} payouts`}
          </Button>
        </div>
      )}
      <div className="flex flex-wrap items-center justify-between gap-3 border-t bg-muted/30 px-4 py-3">
        <p className="text-xs text-muted-foreground">
          Content digest <Mono value={digest} /> · {addresses} address{addresses === 1 ? "" : "es"}
        </p>
        {mayApprove &&
          (item.createdByViewer ? (
            <p className="text-xs text-muted-foreground">You created this: another member must approve it.</p>
          ) : (
            <div className="flex gap-2">
              <Button variant="secondary" size="sm" onClick={() => setDialog("reject")}>
                Reject
              </Button>
              <Button size="sm" onClick={() => setDialog("approve")} disabled={!totpOn}>
                Approve
              </Button>
            </div>
          ))}
      </div>

      <Dialog open={dialog !== null} onOpenChange={(open) => !open && close()}>
        {dialog === "approve" && (
          <DialogContent title={`Approve ${shown.total} ${content.asset}?`}>
            <form onSubmit={submitApprove} className="flex flex-col gap-4" noValidate>
              <p className="text-sm" data-testid="approve-summary">
                {count === 1 ? (
                  <>
                    {shown.amounts[0]} {content.asset} will be sent on <NetworkName id={content.network} /> to{" "}
                    <span className="break-all font-mono text-xs">{getAddress(content.payouts[0]!.address)}</span>.
                  </>
                ) : (
                  <>
                    {count} payouts, {shown.total} {content.asset} in total, will be sent on{" "}
                    <NetworkName id={content.network} /> to {addresses} address{addresses === 1 ? "" : "es"}.
                  </>
                )}{" "}
                The amount is reserved from your available balance now.
              </p>
              {approve.error && (approve.error.data as { param?: string | null } | undefined)?.param !== "code" && (
                <p
                  role="alert"
                  className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-500/10 dark:text-red-300"
                >
                  {approve.error.message}
                </p>
              )}
              <CodeField
                id={`approve-code-${content.id}`}
                value={code}
                onChange={setCode}
                error={
                  (approve.error?.data as { param?: string | null } | undefined)?.param === "code"
                    ? approve.error?.message
                    : undefined
                }
              />
              <div className="flex justify-end gap-2">
                <Button variant="secondary" onClick={close}>
                  Cancel
                </Button>
                <Button type="submit" disabled={approve.isPending || code.trim().length < 6}>
                  {approve.isPending ? "Approving…" : `Approve ${count === 1 ? "payout" : `${count} payouts`}`}
                </Button>
              </div>
            </form>
          </DialogContent>
        )}
        {dialog === "reject" && (
          <DialogContent title={`Reject ${shown.total} ${content.asset}?`}>
            <div className="flex flex-col gap-4">
              <p className="text-sm">
                {count === 1 ? "The payout is" : `The ${count} payouts are`} cancelled and nothing is sent. Whoever
                created {count === 1 ? "it" : "them"} can create {count === 1 ? "it" : "them"} again.
              </p>
              <div className="flex flex-col gap-1.5">
                <Label htmlFor={`reject-reason-${content.id}`}>Reason (optional, kept in the audit log)</Label>
                <Textarea
                  id={`reject-reason-${content.id}`}
                  rows={2}
                  maxLength={500}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
              </div>
              {reject.error && (
                <p role="alert" className="text-sm text-red-700 dark:text-red-300">
                  {reject.error.message}
                </p>
              )}
              <div className="flex justify-end gap-2">
                <Button variant="secondary" onClick={close}>
                  Keep waiting
                </Button>
                <Button
                  className="bg-red-600 text-white hover:bg-red-700"
                  disabled={reject.isPending}
                  onClick={() =>
                    reject.mutate(
                      { ...scope, kind: content.kind, id: content.id, reason: reason.trim() || undefined },
                      { onSuccess: done },
                    )
                  }
                >
                  {reject.isPending ? "Rejecting…" : "Reject"}
                </Button>
              </div>
            </div>
          </DialogContent>
        )}
      </Dialog>
    </section>
  );
}
