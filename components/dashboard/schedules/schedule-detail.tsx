"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Repeat } from "lucide-react";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { toast } from "sonner";
import { useTRPC } from "@/components/trpc-provider";
import { Button, buttonClasses } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import type { ScheduleResponse } from "@/server/schedules/invoice-schedule.schema";
import { useDashboard } from "../dashboard-context";
import { DetailFrame, retryUnlessNotFound, DetailId } from "../detail-frame";
import { Amount, DateTime, StatusBadge } from "../display";
import { cursorParams, Pager, useLocalCursor } from "../pager";
import { EmptyState, ErrorState, Panel, TableSkeleton } from "../states";
import { cadenceWords, ScheduleStatusBadge } from "./schedule-words";

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

type Action = "pause" | "resume" | "cancel" | "advance";

const actionText: Record<
  Action,
  { button: string; title: string; done: string; explain: (s: ScheduleResponse) => string }
> = {
  pause: {
    button: "Pause",
    title: "Pause this schedule?",
    done: "Schedule paused",
    explain: () =>
      "No invoice is created while it is paused. Periods that pass meanwhile are skipped, not invoiced later.",
  },
  resume: {
    button: "Resume",
    title: "Resume this schedule?",
    done: "Schedule resumed",
    explain: () => "Invoicing continues with the first period due from now on; the paused periods stay skipped.",
  },
  cancel: {
    button: "Cancel schedule",
    title: "Cancel this schedule?",
    done: "Schedule cancelled",
    explain: () =>
      "No further invoice will be created. This cannot be undone; the invoices it created stay as they are.",
  },
  advance: {
    button: "Run next period now",
    title: "Run the next period now?",
    done: "Invoice created",
    explain: (s) =>
      `Test mode: creates the invoice of the next period (${s.amount} ${s.currency}) at once, as the worker will when it is due.`,
  },
};

function ActionButton({
  schedule,
  action,
  primary = false,
}: {
  schedule: ScheduleResponse;
  action: Action;
  primary?: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { scope } = useDashboard();
  const [open, setOpen] = useState(false);
  const mutation = useMutation(trpc.schedules[action].mutationOptions());
  const text = actionText[action];
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger className={buttonClasses({ variant: primary ? "primary" : "secondary", size: "sm" })}>
        {text.button}
      </DialogTrigger>
      <DialogContent title={text.title} description={text.explain(schedule)}>
        <p className="text-sm">
          <Amount value={schedule.amount} currency={schedule.currency} /> · {cadenceWords(schedule).toLowerCase()}
        </p>
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Keep as is
          </Button>
          <Button
            disabled={mutation.isPending}
            onClick={() =>
              mutation.mutate(
                { ...scope, id: schedule.id },
                {
                  onSuccess: () => {
                    toast.success(text.done);
                    setOpen(false);
                    void queryClient.invalidateQueries({ queryKey: trpc.schedules.pathKey() });
                  },
                  onError: (e) => toast.error(e.message),
                },
              )
            }
          >
            {text.button}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}

function Periods({ scheduleId }: { scheduleId: string }) {
  const trpc = useTRPC();
  const { scope, href } = useDashboard();
  const [cursor, setCursor] = useLocalCursor();
  const query = useQuery(trpc.schedules.runs.queryOptions({ ...scope, id: scheduleId, ...cursorParams(cursor) }));
  return (
    <Panel title="Periods">
      {query.isPending ? (
        <TableSkeleton rows={3} columns={5} />
      ) : query.isError ? (
        <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
      ) : query.data.data.length === 0 ? (
        <EmptyState icon={Repeat} title="No period has run yet">
          The first invoice is created when the schedule&apos;s start time comes.
        </EmptyState>
      ) : (
        <>
          <Table>
            <THead>
              <tr>
                <TH scope="col">Period</TH>
                <TH scope="col">Due</TH>
                <TH scope="col">Invoice</TH>
                <TH scope="col">Order</TH>
                <TH scope="col">Amount</TH>
                <TH scope="col">Status</TH>
              </tr>
            </THead>
            <tbody>
              {query.data.data.map((run) => (
                <TR key={run.id}>
                  <TD className="tabular-nums">{run.period}</TD>
                  <TD className="whitespace-nowrap text-muted-foreground">
                    <DateTime value={run.dueAt} />
                  </TD>
                  <TD>
                    {run.invoice ? (
                      <Link href={href(`/invoices/${run.invoice.id}`)} className="font-mono text-xs hover:underline">
                        {run.invoice.id}
                      </Link>
                    ) : (
                      <span className="text-muted-foreground">
                        Skipped: {run.skipReason === "paused" ? "paused" : "missed while the worker was down"}
                      </span>
                    )}
                  </TD>
                  <TD>{run.invoice?.orderId ?? "—"}</TD>
                  <TD>{run.invoice ? <Amount value={run.invoice.amount} currency={run.invoice.currency} /> : "—"}</TD>
                  <TD>{run.invoice ? <StatusBadge status={run.invoice.status} /> : "—"}</TD>
                </TR>
              ))}
            </tbody>
          </Table>
          <Pager
            label="periods"
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

/** One invoice schedule: its template, when it runs next, its periods and their invoices; pause, resume, cancel. */
export function ScheduleDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const { scope, href, can, livemode } = useDashboard();
  const query = useQuery(trpc.schedules.get.queryOptions({ ...scope, id }, { retry: retryUnlessNotFound }));
  return (
    <DetailFrame
      back={{ href: href("/schedules"), label: "Invoice schedules" }}
      query={query}
      notFound={{ icon: Repeat, title: "No such invoice schedule in this mode" }}
    >
      {(s) => (
        <>
          <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
            <div>
              <p className="text-xs text-muted-foreground">Invoice schedule</p>
              <div className="flex flex-wrap items-center gap-3">
                <h1 className="text-2xl font-semibold tracking-tight">
                  <Amount value={s.amount} currency={s.currency} />{" "}
                  <span className="text-base font-normal text-muted-foreground">{cadenceWords(s).toLowerCase()}</span>
                </h1>
                <ScheduleStatusBadge status={s.status} />
              </div>
              <DetailId id={s.id} what="schedule id" />
            </div>
            <div className="flex flex-wrap items-center gap-2">
              {s.status === "active" && !livemode && can("invoices:create") && (
                <ActionButton schedule={s} action="advance" primary />
              )}
              {s.status === "active" && can("invoices:cancel") && <ActionButton schedule={s} action="pause" />}
              {s.status === "paused" && can("invoices:create") && <ActionButton schedule={s} action="resume" />}
              {s.status !== "cancelled" && can("invoices:cancel") && <ActionButton schedule={s} action="cancel" />}
            </div>
          </div>

          <div className="flex flex-col gap-6">
            <Panel title="Summary">
              <dl className="grid grid-cols-2 gap-x-6 gap-y-4 p-4 sm:grid-cols-4">
                <Field label="Amount">
                  <Amount value={s.amount} currency={s.currency} />
                </Field>
                <Field label="Cadence">{cadenceWords(s)}</Field>
                <Field label="Next invoice">{s.next_run_at ? <DateTime value={s.next_run_at} /> : "—"}</Field>
                <Field label="Invoices created">{s.invoices_created}</Field>
                <Field label="First period">
                  <DateTime value={s.start_at} />
                </Field>
                <Field label="Order ids">
                  {s.order_id_prefix ? `${s.order_id_prefix}1, ${s.order_id_prefix}2, …` : "—"}
                </Field>
                <Field label="Last invoice">
                  {s.last_invoice ? (
                    <Link
                      href={href(`/invoices/${s.last_invoice}`)}
                      className="font-mono text-xs break-all hover:underline"
                    >
                      {s.last_invoice}
                    </Link>
                  ) : (
                    "—"
                  )}
                </Field>
                <Field label="Created">
                  <DateTime value={s.created_at} />
                </Field>
                <div className="col-span-2 sm:col-span-4">
                  <Field label="Description">{s.description ?? "—"}</Field>
                </div>
                {Object.keys(s.metadata).length > 0 && (
                  <div className="col-span-2 sm:col-span-4">
                    <Field label="Metadata">
                      <code className="font-mono text-xs">{JSON.stringify(s.metadata)}</code>
                    </Field>
                  </div>
                )}
              </dl>
            </Panel>
            <Periods scheduleId={s.id} />
          </div>
        </>
      )}
    </DetailFrame>
  );
}
