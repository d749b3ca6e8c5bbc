"use client";

import { ExternalLink } from "lucide-react";
import { CopyButton } from "@/components/checkout/copy-button";
import { LocalTime } from "@/components/ui/local-time";
import { Badge, statusTone } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import type { InvoiceStatus, ReviewReason } from "@/server/invoices/invoice.schema";
import { useDashboard } from "./dashboard-context";

const statusWords: Record<InvoiceStatus, string> = {
  created: "Open",
  pending: "Confirming",
  partially_paid: "Partially paid",
  paid: "Paid",
  expired: "Expired",
  cancelled: "Cancelled",
  review_required: "Needs review",
  refunded: "Refunded",
};

export const reviewReasonWords: Record<ReviewReason, string> = {
  underpaid: "Underpaid",
  overpaid: "Overpaid",
  late_payment: "Paid after expiry",
  wrong_asset: "Wrong asset",
  wrong_network: "Wrong network",
  reorged: "Payment reorged",
};

/** The status of an invoice: the same colour and word everywhere. */
export function StatusBadge({ status }: { status: InvoiceStatus }) {
  return <Badge tone={statusTone[status]}>{statusWords[status]}</Badge>;
}

export { statusWords };

/** An amount with its asset or currency: `25.00 USDC`. Exact decimal strings, never floats. */
export function Amount({ value, currency, className }: { value: string; currency: string; className?: string }) {
  return (
    <span className={cn("whitespace-nowrap tabular-nums", className)}>
      {value} <span className="text-muted-foreground">{currency}</span>
    </span>
  );
}

const shorten = (value: string, head = 6, tail = 4) =>
  value.length > head + tail + 1 ? `${value.slice(0, head)}…${value.slice(-tail)}` : value;

/** An address or hash, monospaced; shortened unless `full`, the whole value on hover and copyable. */
export function Mono({
  value,
  full = false,
  copy = false,
  what = "value",
}: {
  value: string;
  full?: boolean;
  copy?: boolean;
  what?: string;
}) {
  return (
    <span className="inline-flex items-center gap-2">
      <span className={cn("font-mono text-xs", full && "break-all")} title={value}>
        {full ? value : shorten(value)}
      </span>
      {copy && <CopyButton value={value} what={what} />}
    </span>
  );
}

/** A transaction hash, linking to the network's explorer when one is configured. */
export function TxHash({ hash, network }: { hash: string; network: string }) {
  const { networks } = useDashboard();
  const explorer = networks[network]?.explorerUrl;
  if (!explorer) return <Mono value={hash} />;
  return (
    <a
      href={`${explorer}/tx/${hash}`}
      target="_blank"
      rel="noreferrer"
      className="inline-flex items-center gap-1 font-mono text-xs text-accent hover:underline"
      title={hash}
    >
      {shorten(hash, 8, 6)}
      <ExternalLink aria-hidden className="size-3" />
      <span className="sr-only">(opens the explorer)</span>
    </a>
  );
}

/** A network's display name. */
export function NetworkName({ id }: { id: string }) {
  const { networks } = useDashboard();
  return <>{networks[id]?.name ?? id}</>;
}

/** A moment in the viewer's time zone, UTC on hover. */
export function DateTime({ value }: { value: Date | string }) {
  return <LocalTime iso={typeof value === "string" ? value : value.toISOString()} />;
}
