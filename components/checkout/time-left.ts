// The hosted page's countdown text: shared by the server's render and the page's script, so the first
// paint and every later tick read the same.
import { checkoutStrings as t } from "./strings";

/** Time left as `m:ss` or `h:mm:ss`, rounded up to the second; "Time is up" once it has run out. */
export function timeLeftLabel(ms: number): string {
  if (ms <= 0) return t.timeUp;
  const total = Math.ceil(ms / 1_000);
  const h = Math.floor(total / 3_600);
  const m = Math.floor((total % 3_600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
