"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus, Webhook } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { CopyButton } from "@/components/checkout/copy-button";
import { useTRPC } from "@/components/trpc-provider";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { useDashboard } from "../dashboard-context";
import { DateTime } from "../display";
import { cursorParams, Pager, useUrlCursor } from "../pager";
import { EmptyState, ErrorState, Panel, TableSkeleton } from "../states";
import { EndpointForm, OneTimeSecret } from "./endpoint-form";

function AddEndpointDialog() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { scope, livemode, href } = useDashboard();
  const [open, setOpen] = useState(false);
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.pathKey() }),
    }),
  );
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) create.reset();
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger className={buttonClasses({ size: "sm" })}>
        <Plus aria-hidden className="size-4" /> Add endpoint
      </DialogTrigger>
      <DialogContent
        title={
          create.data ? "Endpoint added: copy its signing secret" : `New ${livemode ? "live" : "test"} webhook endpoint`
        }
        description={
          create.data
            ? undefined
            : "Payrail POSTs signed events (Standard Webhooks) to this URL and retries until it answers 2xx."
        }
      >
        {create.data ? (
          <div className="flex flex-col gap-4">
            <OneTimeSecret
              secret={create.data.secret}
              note="Verify deliveries with this secret. You can reveal it again on the endpoint's page, or rotate it."
            />
            <div className="flex justify-end gap-2">
              <CopyButton value={create.data.secret} what="signing secret" />
              <Link href={href(`/developers/webhooks/${create.data.id}`)} className={buttonClasses({ size: "sm" })}>
                Open endpoint
              </Link>
            </div>
          </div>
        ) : (
          <EndpointForm
            initial={{ url: "", description: "", events: ["*"] }}
            submitLabel="Add endpoint"
            pending={create.isPending}
            error={create.error?.message}
            onCancel={() => onOpenChange(false)}
            onSubmit={(v) =>
              create.mutate({
                ...scope,
                url: v.url,
                events: v.events as ["*"],
                description: v.description || undefined,
              })
            }
          />
        )}
      </DialogContent>
    </Dialog>
  );
}

/** The merchant's webhook endpoints of this mode. */
export function WebhooksPanel() {
  const trpc = useTRPC();
  const { scope, href, can } = useDashboard();
  const [cursor, setCursor] = useUrlCursor();
  const query = useQuery(trpc.webhooks.list.queryOptions({ ...scope, ...cursorParams(cursor) }));
  const mayWrite = can("webhooks:write");
  return (
    <Panel title="Webhook endpoints" actions={mayWrite ? <AddEndpointDialog /> : undefined}>
      {query.isPending ? (
        <TableSkeleton rows={3} columns={4} />
      ) : query.isError ? (
        <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />
      ) : query.data.data.length === 0 ? (
        <EmptyState icon={Webhook} title="No webhook endpoints in this mode">
          Add your server&apos;s URL to hear about every payment and status change as it happens.
        </EmptyState>
      ) : (
        <>
          <Table>
            <THead>
              <tr>
                <TH>URL</TH>
                <TH className="hidden sm:table-cell">Events</TH>
                <TH className="max-sm:pr-4">Status</TH>
                <TH className="hidden sm:table-cell">Created</TH>
              </tr>
            </THead>
            <tbody>
              {query.data.data.map((e) => (
                <TR key={e.id} className="hover:bg-muted/50">
                  {/* The width cap is on the text, not the cell: a table cell's max-width does not stop a long URL. */}
                  <TD>
                    <Link
                      href={href(`/developers/webhooks/${e.id}`)}
                      className="block max-w-52 truncate font-mono text-xs hover:underline sm:max-w-md"
                    >
                      {e.url}
                    </Link>
                    {e.description && (
                      <span className="block max-w-52 truncate text-xs text-muted-foreground sm:max-w-md">
                        {e.description}
                      </span>
                    )}
                  </TD>
                  <TD className="hidden text-sm sm:table-cell">
                    {e.events.includes("*")
                      ? "All events"
                      : `${e.events.length} event${e.events.length === 1 ? "" : "s"}`}
                  </TD>
                  <TD className="max-sm:pr-4">
                    {e.status === "disabled" ? (
                      <Badge tone="gray">Disabled</Badge>
                    ) : e.failing_since ? (
                      <Badge tone="red">Failing</Badge>
                    ) : (
                      <Badge tone="green">Enabled</Badge>
                    )}
                  </TD>
                  <TD className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
                    <DateTime value={e.created_at} />
                  </TD>
                </TR>
              ))}
            </tbody>
          </Table>
          <Pager
            label="webhook endpoints"
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
