// The worker: runs the tick (chain scanning, confirmations, expiry, webhook delivery) in a loop.
// Several workers may run at once; they coordinate through PostgreSQL.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { db } from "../server/db";
import { env } from "../server/env";
import { tick } from "../server/jobs/tick";
import { logger } from "../server/logger";

const owner = `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
let stopping = false;

async function main(): Promise<void> {
  const pollMs = env().WORKER_POLL_MS;
  logger().info({ owner, pollMs }, "worker started");
  while (!stopping) {
    const started = Date.now();
    try {
      const report = await tick(db(), { owner });
      const busy = Object.values(report.networks).some((n) => n.payments > 0 || n.confirmed > 0) || report.expired > 0 || report.webhookAttempts > 0;
      if (busy) logger().info({ report }, "tick");
    } catch (error) {
      logger().error({ err: error }, "tick failed");
    }
    const wait = Math.max(0, pollMs - (Date.now() - started));
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await db().$disconnect();
  logger().info("worker stopped");
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    // Finish the current tick, then exit: nothing is left half-written either way (transactions).
    stopping = true;
  });
}

main().catch((error) => {
  logger().fatal({ err: error }, "worker crashed");
  process.exit(1);
});
