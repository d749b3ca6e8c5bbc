"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowDownToLine, Trash2 } from "lucide-react";
import { useState } from "react";
import { useTRPC } from "@/components/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import type { AutoWithdrawalResponse } from "@/server/withdrawals/withdrawal.schema";
import { useDashboard } from "../dashboard-context";
import { Amount, DateTime, Mono, NetworkName } from "../display";
import { EmptyState, ErrorState, Panel, TableSkeleton } from "../states";
import { AddRuleDialog } from "./add-rule-dialog";

const ruleStatus: Record<AutoWithdrawalResponse["status"], { word: string; tone: "green" | "amber" | "gray" }> = {
  active: { word: "Active", tone: "green" },
  pending_activation: { word: "Waiting 24 h", tone: "amber" },
  disabled: { word: "Disabled", tone: "gray" },
};

/**
 * The merchant's auto-withdrawal rules with their activation time; owners and admins add and delete them. A phone shows
 * network, threshold, status and delete (an icon there), so the table fits without scrolling sideways.
 */
export function AutoWithdrawalRules() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { scope, can } = useDashboard();
  const rules = useQuery(trpc.withdrawals.rules.queryOptions(scope));
  const remove = useMutation(trpc.withdrawals.deleteRule.mutationOptions());
  const [deleting, setDeleting] = useState<AutoWithdrawalResponse | null>(null);
  const mayWrite = can("withdrawals:write");

  return (
    <Panel title="Auto-withdrawal rules" actions={mayWrite ? <AddRuleDialog /> : undefined} className="mt-6">
      {rules.isPending ? (
        <TableSkeleton rows={2} columns={6} />
      ) : rules.isError ? (
        <ErrorState message={rules.error.message} onRetry={() => void rules.refetch()} />
      ) : rules.data.length === 0 ? (
        <EmptyState icon={ArrowDownToLine} title="No auto-withdrawal rule">
          Add a rule to send your balance to your own wallet whenever it reaches a threshold.
        </EmptyState>
      ) : (
        <Table>
          <THead>
            <tr>
              <TH>Network</TH>
              <TH className="hidden sm:table-cell">To address</TH>
              <TH>Threshold</TH>
              <TH className="hidden md:table-cell">Keep</TH>
              <TH className={mayWrite ? undefined : "max-md:pr-4"}>Status</TH>
              <TH className="hidden md:table-cell">Active from</TH>
              {mayWrite && <TH className="sr-only">Actions</TH>}
            </tr>
          </THead>
          <tbody>
            {rules.data.map((r) => (
              <TR key={r.id}>
                <TD>
                  {r.asset} on <NetworkName id={r.network} />
                </TD>
                <TD className="hidden sm:table-cell">
                  <Mono value={r.address} copy what="withdrawal address" />
                </TD>
                <TD>
                  <Amount value={r.threshold} currency={r.asset} />
                </TD>
                <TD className="hidden md:table-cell">
                  <Amount value={r.keep} currency={r.asset} />
                </TD>
                <TD className={mayWrite ? undefined : "max-md:pr-4"}>
                  <Badge tone={ruleStatus[r.status].tone}>{ruleStatus[r.status].word}</Badge>
                </TD>
                <TD className="hidden whitespace-nowrap text-muted-foreground md:table-cell">
                  <DateTime value={r.active_at} />
                </TD>
                {mayWrite && (
                  <TD className="text-right">
                    <Button variant="secondary" size="sm" onClick={() => setDeleting(r)}>
                      <Trash2 aria-hidden className="size-4 sm:hidden" />
                      <span className="max-sm:sr-only">Delete</span>
                      <span className="sr-only">
                        {" "}
                        the {r.asset} rule on {r.network}
                      </span>
                    </Button>
                  </TD>
                )}
              </TR>
            ))}
          </tbody>
        </Table>
      )}
      <Dialog open={deleting !== null} onOpenChange={(open) => !open && setDeleting(null)}>
        {deleting && (
          <DialogContent title="Delete this rule?">
            <p className="text-sm">
              Nothing more will be sent to <span className="font-mono text-xs break-all">{deleting.address}</span> from
              your {deleting.asset} balance on <NetworkName id={deleting.network} />. A withdrawal already started
              finishes.
            </p>
            {remove.error && (
              <p role="alert" className="mt-3 text-sm text-red-700 dark:text-red-300">
                {remove.error.message}
              </p>
            )}
            <div className="mt-4 flex justify-end gap-2">
              <Button variant="secondary" onClick={() => setDeleting(null)}>
                Keep it
              </Button>
              <Button
                disabled={remove.isPending}
                onClick={() =>
                  remove.mutate(
                    { ...scope, id: deleting.id },
                    {
                      onSuccess: () => {
                        setDeleting(null);
                        void queryClient.invalidateQueries({ queryKey: trpc.withdrawals.rules.pathKey() });
                      },
                    },
                  )
                }
              >
                {remove.isPending ? "Deleting…" : "Delete rule"}
              </Button>
            </div>
          </DialogContent>
        )}
      </Dialog>
    </Panel>
  );
}
