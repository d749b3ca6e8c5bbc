"use client";

import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { ScheduleResponse, ScheduleStatus } from "@/server/schedules/invoice-schedule.schema";

const statusWords: Record<ScheduleStatus, [string, BadgeTone]> = {
  active: ["Active", "green"],
  paused: ["Paused", "amber"],
  cancelled: ["Cancelled", "gray"],
};

/** A schedule's status: the same word and colour everywhere. */
export function ScheduleStatusBadge({ status }: { status: ScheduleStatus }) {
  const [word, tone] = statusWords[status];
  return <Badge tone={tone}>{word}</Badge>;
}

/** "Every month", "Every 3 months". */
export function cadenceWords(s: Pick<ScheduleResponse, "interval" | "interval_count">): string {
  return s.interval_count === 1 ? `Every ${s.interval}` : `Every ${s.interval_count} ${s.interval}s`;
}
