"use client";

import { Clock } from "lucide-react";
import { checkoutStrings as t } from "./strings";
import { useNow } from "./use-clock";

function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1_000));
  const h = Math.floor(total / 3_600);
  const m = Math.floor((total % 3_600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/**
 * Time left until `expiresAt` (ISO 8601). Not a live region: a per-second announcement would drown
 * the status; the status region says "Expired" when the server decides it.
 */
export function Countdown({ expiresAt }: { expiresAt: string }) {
  const now = useNow();
  const remaining = now === null ? null : Date.parse(expiresAt) - now;
  return (
    <p className="flex items-center justify-between gap-3 text-sm">
      <span className="flex items-center gap-2 text-muted-foreground">
        <Clock aria-hidden className="size-4" />
        {t.timeLeft}
      </span>
      <time dateTime={expiresAt} title={expiresAt} className="font-medium tabular-nums">
        {remaining === null ? "–:––" : remaining > 0 ? formatRemaining(remaining) : t.timeUp}
      </time>
    </p>
  );
}
