import { env } from "../env";

/** Where a test may have the worker kill itself (PAYRAIL_TEST_CRASH_AT). */
export type CrashPoint = "after_commit" | "after_broadcast";

/**
 * Kill this process with SIGKILL when PAYRAIL_TEST_CRASH_AT names this point: a real, abrupt death (no
 * finally blocks, no flushing), as a power cut or the OOM killer deal it. Never in production.
 */
export function crashPoint(point: CrashPoint): void {
  const config = env();
  if (config.NODE_ENV === "production" || config.PAYRAIL_TEST_CRASH_AT !== point) return;
  process.kill(process.pid, "SIGKILL");
}
