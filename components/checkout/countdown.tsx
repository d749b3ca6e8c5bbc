import { Clock } from "lucide-react";
import { timeLeftLabel } from "./time-left";
import { checkoutStrings as t } from "./strings";

/**
 * Time left until `expiresAt` (ISO 8601), as of `now` on the server; client/main.ts counts it down
 * every second. Not a live region: a per-second announcement would drown the status; the status
 * region says "Expired" when the server decides it.
 */
export function Countdown({ expiresAt, now }: { expiresAt: string; now: number }) {
  return (
    <p className="flex items-center justify-between gap-3 text-sm">
      <span className="flex items-center gap-2 text-muted-foreground">
        <Clock aria-hidden className="size-4" />
        {t.timeLeft}
      </span>
      <time data-countdown dateTime={expiresAt} title={expiresAt} className="font-medium tabular-nums">
        {timeLeftLabel(Date.parse(expiresAt) - now)}
      </time>
    </p>
  );
}
