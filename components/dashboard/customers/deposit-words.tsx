"use client";

import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { DepositStatus } from "@/server/deposits/deposit.schema";

const statusWords: Record<DepositStatus, [string, BadgeTone]> = {
  pending: ["Pending", "amber"],
  confirmed: ["Confirmed", "green"],
  reorged: ["Reorged", "red"],
  below_minimum: ["Below minimum", "gray"],
};

/** A deposit's status: the same word and colour everywhere. */
export function DepositStatusBadge({ status }: { status: DepositStatus }) {
  const [word, tone] = statusWords[status];
  return <Badge tone={tone}>{word}</Badge>;
}
