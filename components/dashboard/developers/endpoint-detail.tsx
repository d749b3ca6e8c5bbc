"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, Eye, RotateCw, Send } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { CopyButton } from "@/components/checkout/copy-button";
import { useTRPC } from "@/components/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { Label, Select } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { eventTypes, type EventType } from "@/server/webhooks/event-types";
import type { WebhookEndpointResponse } from "@/server/webhooks/webhook-endpoint.schema";
import { useDashboard } from "../dashboard-context";
import { DateTime } from "../display";
import { cursorParams, Pager, useLocalCursor } from "../pager";
import { EmptyState, ErrorState, Panel, TableSkeleton } from "../states";
import { EndpointForm } from "./endpoint-form";

function useEndpointMutations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
  return { trpc, refresh };
}

function SigningSecret({ endpoint }: { endpoint: WebhookEndpointResponse }) {
  const { trpc, refresh } = useEndpointMutations();
  const { scope } = useDashboard();
  const reveal = useMutation(trpc.webhooks.revealSecret.mutationOptions());
  const rotate = useMutation(trpc.webhooks.rotateSecret.mutationOptions({ onSuccess: refresh }));
  const [confirm, setConfirm] = useState(false);
  const shown = rotate.data?.secret ?? reveal.data?.secret;
  return (
    <Panel title="Signing secret">
      <div className="flex flex-col gap-3 p-4">
        <p className="text-sm text-muted-foreground">
          Every delivery carries a <code className="font-mono text-xs">webhook-signature</code> made with this secret;
          verify it with any Standard Webhooks library.
          {endpoint.previous_secret_expires_at && (
            <>
              {" "}
              The previous secret also signs until <DateTime value={endpoint.previous_secret_expires_at} />.
            </>
          )}
        </p>
        {shown ? (
          <div className="flex items-center gap-2">
            <code
              className="flex-1 break-all rounded-lg border bg-muted/40 p-3 font-mono text-xs"
              data-testid="webhook-secret"
            >
              {shown}
            </code>
            <CopyButton value={shown} what="signing secret" />
          </div>
        ) : (
          <p
            className="rounded-lg border bg-muted/40 p-3 font-mono text-xs tracking-widest text-muted-foreground"
            aria-label="Secret hidden"
          >
            whsec_••••••••••••••••••••••••
          </p>
        )}
        <div className="flex flex-wrap gap-2">
          {!shown && (
            <Button
              variant="secondary"
              size="sm"
              disabled={reveal.isPending}
              onClick={() => reveal.mutate({ ...scope, id: endpoint.id }, { onError: (e) => toast.error(e.message) })}
            >
              <Eye aria-hidden className="size-4" /> Reveal secret
            </Button>
          )}
          <Dialog open={confirm} onOpenChange={setConfirm}>
            <DialogTrigger className={buttonClasses({ variant: "secondary", size: "sm" })}>
              <RotateCw aria-hidden className="size-4" /> Rotate secret
            </DialogTrigger>
            <DialogContent
              title="Rotate the signing secret?"
              description="A new secret signs from now on. The current one keeps signing beside it for 24 hours, so you can deploy the new one without missing a delivery."
            >
              <p className="text-sm">
                Endpoint <span className="break-all font-mono text-xs">{endpoint.url}</span>
              </p>
              <div className="mt-4 flex justify-end gap-2">
                <Button variant="secondary" onClick={() => setConfirm(false)}>
                  Cancel
                </Button>
                <Button
                  disabled={rotate.isPending}
                  onClick={() =>
                    rotate.mutate(
                      { ...scope, id: endpoint.id },
                      {
                        onSuccess: () => {
                          setConfirm(false);
                          toast.success("Secret rotated: copy the new one now");
                        },
                        onError: (e) => toast.error(e.message),
                      },
                    )
                  }
                >
                  {rotate.isPending ? "Rotating…" : "Rotate secret"}
                </Button>
              </div>
            </DialogContent>
          </Dialog>
        </div>
        {rotate.data && (
          <p className="text-xs text-muted-foreground">
            This is the new secret. Deploy it to your receiver within 24 hours, while the old one still signs.
          </p>
        )}
      </div>
    </Panel>
  );
}

function EndpointActions({ endpoint }: { endpoint: WebhookEndpointResponse }) {
  const { trpc, refresh } = useEndpointMutations();
  const { scope, href } = useDashboard();
  const router = useRouter();
  const [dialog, setDialog] = useState<"edit" | "disable" | "delete" | "test" | null>(null);
  const [type, setType] = useState<EventType>("invoice.paid");
  const close = () => setDialog(null);
  const update = useMutation(
    trpc.webhooks.update.mutationOptions({
      onSuccess: () => {
        refresh();
        close();
      },
    }),
  );
  const remove = useMutation(trpc.webhooks.delete.mutationOptions());
  const test = useMutation(
    trpc.webhooks.sendTest.mutationOptions({
      onSuccess: () => {
        toast.success("Test event queued");
        refresh();
        close();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const disabled = endpoint.status === "disabled";
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Dialog open={dialog === "test"} onOpenChange={(o) => setDialog(o ? "test" : null)}>
        <DialogTrigger className={buttonClasses({ variant: "secondary", size: "sm" })} disabled={disabled}>
          <Send aria-hidden className="size-4" /> Send test event
        </DialogTrigger>
        <DialogContent
          title="Send a test event"
          description={
            <>
              A sample event, marked <code className="font-mono text-xs">metadata.payrail_test = &quot;true&quot;</code>
              , to this endpoint only. It does not touch any real invoice.
            </>
          }
        >
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="test-type">Event type</Label>
            <Select id="test-type" value={type} onChange={(e) => setType(e.target.value as EventType)}>
              {eventTypes.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </Select>
          </div>
          <div className="mt-4 flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button disabled={test.isPending} onClick={() => test.mutate({ ...scope, id: endpoint.id, type })}>
              Send test event
            </Button>
          </div>
        </DialogContent>
      </Dialog>
      <Dialog
        open={dialog === "edit"}
        onOpenChange={(o) => {
          setDialog(o ? "edit" : null);
          if (!o) update.reset();
        }}
      >
        <DialogTrigger className={buttonClasses({ variant: "secondary", size: "sm" })}>Edit</DialogTrigger>
        <DialogContent title="Edit endpoint">
          <EndpointForm
            initial={{ url: endpoint.url, description: endpoint.description ?? "", events: endpoint.events }}
            submitLabel="Save changes"
            pending={update.isPending}
            error={update.error?.message}
            onCancel={close}
            onSubmit={(v) =>
              update.mutate({
                ...scope,
                id: endpoint.id,
                changes: { url: v.url, description: v.description || null, events: v.events as ["*"] },
              })
            }
          />
        </DialogContent>
      </Dialog>
      <Dialog open={dialog === "disable"} onOpenChange={(o) => setDialog(o ? "disable" : null)}>
        <DialogTrigger className={buttonClasses({ variant: "secondary", size: "sm" })}>
          {disabled ? "Enable" : "Disable"}
        </DialogTrigger>
        <DialogContent
          title={disabled ? "Enable this endpoint?" : "Disable this endpoint?"}
          description={
            disabled
              ? "Deliveries paused while it was disabled are sent again now."
              : "It receives nothing until enabled again; pending deliveries wait."
          }
        >
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button
              disabled={update.isPending}
              onClick={() =>
                update.mutate(
                  { ...scope, id: endpoint.id, changes: { disabled: !disabled } },
                  { onSuccess: () => toast.success(disabled ? "Endpoint enabled" : "Endpoint disabled") },
                )
              }
            >
              {disabled ? "Enable endpoint" : "Disable endpoint"}
            </Button>
          </div>
        </DialogContent>
      </Dialog>
      <Dialog open={dialog === "delete"} onOpenChange={(o) => setDialog(o ? "delete" : null)}>
        <DialogTrigger
          className={buttonClasses({ variant: "secondary", size: "sm", className: "text-red-700 dark:text-red-400" })}
        >
          Delete
        </DialogTrigger>
        <DialogContent
          title="Delete this endpoint?"
          description="It stops receiving events at once. Its delivery log is kept for the record. This cannot be undone."
        >
          <p className="break-all font-mono text-xs">{endpoint.url}</p>
          <div className="mt-4 flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button
              disabled={remove.isPending}
              onClick={() =>
                remove.mutate(
                  { ...scope, id: endpoint.id },
                  {
                    onSuccess: () => {
                      toast.success("Endpoint deleted");
                      refresh();
                      router.push(href("/developers/webhooks"));
                    },
                    onError: (e) => toast.error(e.message),
                  },
                )
              }
            >
              Delete endpoint
            </Button>
          </div>
        </DialogContent>
      </Dialog>
    </div>
  );
}

const deliveryTone = { succeeded: "green", pending: "amber", failed: "red" } as const;

function Deliveries({ endpoint }: { endpoint: WebhookEndpointResponse }) {
  const { trpc, refresh } = useEndpointMutations();
  const { scope, can } = useDashboard();
  const [cursor, setCursor] = useLocalCursor();
  const [status, setStatus] = useState<"" | "pending" | "succeeded" | "failed">("");
  const query = useQuery(
    trpc.webhooks.deliveries.queryOptions(
      { ...scope, id: endpoint.id, status: status || undefined, ...cursorParams(cursor, 15) },
      { refetchInterval: (q) => (q.state.data?.data.some((d) => d.status === "pending") ? 3_000 : false) },
    ),
  );
  const resend = useMutation(
    trpc.webhooks.resend.mutationOptions({
      onSuccess: () => {
        toast.success("Delivery queued again");
        refresh();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  return (
    <Panel
      title="Deliveries"
      actions={
        <Select
          aria-label="Delivery status"
          className="h-8 w-44"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as typeof status);
            setCursor({ after: null, before: null });
          }}
        >
          <option value="">All deliveries</option>
          <option value="succeeded">Succeeded</option>
          <option value="pending">Pending</option>
          <option value="failed">Failed</option>
        </Select>
      }
    >
      {query.isPending ? (
        <TableSkeleton rows={4} columns={5} />
      ) : query.isError ? (
        <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
      ) : query.data.data.length === 0 ? (
        <EmptyState icon={Send} title={status ? "No deliveries with this status" : "No deliveries yet"}>
          Events this endpoint subscribes to are delivered here. Send a test event to try it.
        </EmptyState>
      ) : (
        <>
          <ul className="divide-y">
            {query.data.data.map((d) => {
              const last = d.attempts.at(-1);
              return (
                <li key={d.id}>
                  <details className="group">
                    <summary className="flex cursor-pointer list-none flex-wrap items-center gap-3 px-4 py-3 text-sm hover:bg-muted/40 [&::-webkit-details-marker]:hidden">
                      <Badge tone={deliveryTone[d.status]}>{d.status}</Badge>
                      <span className="font-medium">{d.event_type}</span>
                      <span className="font-mono text-xs text-muted-foreground">{d.event_id}</span>
                      <span className="ml-auto text-xs text-muted-foreground">
                        {d.attempt_count} attempt{d.attempt_count === 1 ? "" : "s"}
                        {last ? (
                          <>
                            {" "}
                            · last {last.status_code ?? "no response"} in {last.latency_ms} ms
                          </>
                        ) : null}{" "}
                        · <DateTime value={d.created_at} />
                      </span>
                      <span className="sr-only">Show attempts of delivery {d.id}</span>
                    </summary>
                    <div className="border-t bg-muted/30 px-4 py-3">
                      {d.attempts.length === 0 ? (
                        <p className="text-sm text-muted-foreground">
                          Not attempted yet
                          {d.next_attempt_at ? (
                            <>
                              {" "}
                              — due <DateTime value={d.next_attempt_at} />
                            </>
                          ) : null}
                          .
                        </p>
                      ) : (
                        <Table>
                          <THead>
                            <tr>
                              <TH>Attempted</TH>
                              <TH>Status</TH>
                              <TH>Latency</TH>
                              <TH>Response (first KB)</TH>
                            </tr>
                          </THead>
                          <tbody>
                            {d.attempts.map((a) => (
                              <TR key={a.id}>
                                <TD className="whitespace-nowrap">
                                  <DateTime value={a.attempted_at} />
                                </TD>
                                <TD>
                                  {a.status_code ?? <span className="text-red-700 dark:text-red-400">no response</span>}
                                </TD>
                                <TD className="tabular-nums">{a.latency_ms} ms</TD>
                                <TD className="max-w-md">
                                  <code className="line-clamp-3 break-all font-mono text-xs">
                                    {a.error ?? a.response_body ?? ""}
                                  </code>
                                </TD>
                              </TR>
                            ))}
                          </tbody>
                        </Table>
                      )}
                      {can("webhooks:write") && endpoint.status === "enabled" && (
                        <Button
                          variant="secondary"
                          size="sm"
                          className="mt-3"
                          disabled={resend.isPending}
                          onClick={() => resend.mutate({ ...scope, id: endpoint.id, deliveryId: d.id })}
                        >
                          Resend<span className="sr-only"> delivery {d.id}</span>
                        </Button>
                      )}
                    </div>
                  </details>
                </li>
              );
            })}
          </ul>
          <Pager
            label="deliveries"
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

/** One webhook endpoint: its settings, its signing secret (reveal, rotate), test events, and its delivery log with resend. */
export function EndpointDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const { scope, href, can } = useDashboard();
  const query = useQuery(
    trpc.webhooks.get.queryOptions({ ...scope, id }, { retry: (n, e) => e.data?.code !== "NOT_FOUND" && n < 2 }),
  );
  const back = (
    <Link
      href={href("/developers/webhooks")}
      className="mb-4 inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
    >
      <ArrowLeft aria-hidden className="size-4" /> Webhooks
    </Link>
  );
  if (query.isPending)
    return (
      <>
        {back}
        <div aria-busy="true" className="flex flex-col gap-4">
          <Skeleton className="h-10 w-96" />
          <Skeleton className="h-32" />
          <Skeleton className="h-64" />
        </div>
      </>
    );
  if (query.isError)
    return (
      <>
        {back}
        <Panel>
          {query.error.data?.code === "NOT_FOUND" ? (
            <EmptyState icon={Send} title="No such endpoint in this mode">
              It may have been deleted, or belong to the other mode.
            </EmptyState>
          ) : (
            <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
          )}
        </Panel>
      </>
    );
  const e = query.data;
  return (
    <>
      {back}
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="text-xs text-muted-foreground">Webhook endpoint</p>
          <h1 className="break-all font-mono text-lg font-semibold">{e.url}</h1>
          <div className="mt-1 flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
            {e.status === "disabled" ? (
              <Badge tone="gray">Disabled</Badge>
            ) : e.failing_since ? (
              <Badge tone="red">Failing</Badge>
            ) : (
              <Badge tone="green">Enabled</Badge>
            )}
            <span>{e.events.includes("*") ? "All events" : e.events.join(", ")}</span>
          </div>
          {e.description && <p className="mt-1 text-sm">{e.description}</p>}
          {e.status === "disabled" && e.disabled_reason && (
            <p className="mt-1 text-sm text-muted-foreground">{e.disabled_reason}</p>
          )}
          {e.failing_since && (
            <p className="mt-1 text-sm text-red-700 dark:text-red-400">
              Failing since <DateTime value={e.failing_since} />
            </p>
          )}
        </div>
        {can("webhooks:write") && <EndpointActions endpoint={e} />}
      </div>
      <div className="flex flex-col gap-6">
        {can("webhooks:write") && <SigningSecret endpoint={e} />}
        <Deliveries endpoint={e} />
      </div>
    </>
  );
}
