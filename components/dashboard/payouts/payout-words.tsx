"use client";

import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { PayoutStatus } from "@/server/payouts/payout.schema";

/** A payout's status in words: the same everywhere (list, detail, batch). */
export const payoutStatusWords: Record<PayoutStatus, string> = {
  pending_approval: "Awaiting approval",
  queued: "Queued",
  submitted: "Sending",
  confirmed: "Paid",
  failed: "Failed",
  cancelled: "Cancelled",
};

/** Green paid, amber on its way, red failed, gray cancelled (docs: the dashboard's one colour per status). */
const payoutTone: Record<PayoutStatus, BadgeTone> = {
  pending_approval: "amber",
  queued: "amber",
  submitted: "amber",
  confirmed: "green",
  failed: "red",
  cancelled: "gray",
};

export function PayoutStatusBadge({ status }: { status: PayoutStatus }) {
  return <Badge tone={payoutTone[status]}>{payoutStatusWords[status]}</Badge>;
}

const batchWords = {
  pending_approval: ["Awaiting approval", "amber"],
  queued: ["Queued", "amber"],
  submitted: ["Sending", "amber"],
  completed: ["Completed", "green"],
} as const;

export function BatchStatusBadge({ status }: { status: keyof typeof batchWords }) {
  const [words, tone] = batchWords[status];
  return <Badge tone={tone}>{words}</Badge>;
}
