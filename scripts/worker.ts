// The worker: one chain loop per enabled network (scan, confirm; woken by the network's head
// subscription when it has one, else polling every WORKER_POLL_MS), a housekeeping loop (expiry,
// idempotency keys) and an invoice schedules loop every WORKER_POLL_MS, a webhook loop polling more often, and a sender loop every
// WORKER_POLL_MS (server/sender/: sign, broadcast and track outgoing transactions, each lane under its lease),
// so that a slow receiver never delays payment detection and a busy or failing chain never delays another or
// the webhooks. Several workers may run at once; they coordinate through PostgreSQL.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { db } from "../server/db";
import { env } from "../server/env";
import { enabledNetworks } from "../server/chains/networks";
import { redactUrl } from "../server/chains/redact-url";
import { RpcChainMismatchError, verifyRpcChainIds } from "../server/chains/verify-rpc-chain-ids";
import { backfillLedger } from "../server/ledger/backfill-ledger";
import { runNetworkLoop } from "../server/jobs/run-network-loop";
import { tick, type TickPart, type TickReport } from "../server/jobs/tick";
import { recordPlatformWallets } from "../server/withdrawals/record-platform-wallets";
import { logger } from "../server/logger";
import { prepareSweeps } from "../server/sweeps/prepare-sweeps";
import { fillHdAccountPool } from "../server/wallets/fill-hd-account-pool";

const owner = `${hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
const WEBHOOK_POLL_MS = 200;
/** How often the merchant HD account pool is topped up (the web process takes accounts from it, see keysLoop). */
const KEYS_POLL_MS = 2000;
const stopping = new AbortController();

function worthLogging(report: TickReport): boolean {
  return (
    Object.values(report.networks).some((n) => n.payments > 0 || n.confirmed > 0) ||
    report.expired > 0 ||
    report.webhookAttempts > 0 ||
    (report.schedules !== undefined && report.schedules.created + report.schedules.failed > 0) ||
    (report.sender !== undefined &&
      (report.sender.signed > 0 || report.sender.confirmed > 0 || report.sender.frozen > 0))
  );
}

async function loop(part: Exclude<TickPart, "chains">, pollMs: number): Promise<void> {
  while (!stopping.signal.aborted) {
    const started = Date.now();
    try {
      const report = await tick(db(), { owner, parts: [part] });
      if (worthLogging(report)) logger().info({ part, report }, "tick");
    } catch (error) {
      logger().error({ err: error, part }, "tick failed");
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, pollMs - (Date.now() - started))));
  }
}

// Merchant creation in the web process takes a pre-derived HD account (it has no seed): keep the pool filled.
async function keysLoop(): Promise<void> {
  while (!stopping.signal.aborted) {
    try {
      const filled = await fillHdAccountPool(db());
      if (filled.derived + filled.added > 0) logger().info(filled, "merchant HD account pool filled");
    } catch (error) {
      logger().error({ err: error }, "filling the merchant HD account pool failed");
    }
    await new Promise((resolve) => setTimeout(resolve, KEYS_POLL_MS));
  }
}

async function main(): Promise<void> {
  const pollMs = env().WORKER_POLL_MS;
  const networks = enabledNetworks();
  const subscriptions = Object.fromEntries(networks.map((n) => [n.id, n.wsUrl ? redactUrl(n.wsUrl) : "off"]));
  // A node of another chain would credit payments that never happened on the invoice's network: refuse to start.
  for (const check of await verifyRpcChainIds(networks)) {
    if ("unreachable" in check)
      logger().warn(
        { network: check.networkId, error: check.unreachable },
        "RPC node unreachable at start: its chain id is unchecked",
      );
  }
  await prepareSweeps(networks); // EIP-7702 checked per network (else the fallback), devnet sweeper deployed
  logger().info({ owner, pollMs, subscriptions }, "worker started");
  // History recorded before the ledger existed gets its entries; afterwards this finds nothing to do.
  const backfilled = await backfillLedger(db());
  if (backfilled > 0) logger().info({ invoices: backfilled }, "ledger backfilled");
  // The web process has no seed: it shows the platform wallets from what the worker writes here.
  await recordPlatformWallets(db());
  await Promise.all([
    ...networks.map((network) => runNetworkLoop(db(), network, { owner, pollMs, signal: stopping.signal })),
    loop("housekeeping", pollMs),
    loop("withdrawals", pollMs),
    loop("schedules", pollMs),
    loop("webhooks", Math.min(pollMs, WEBHOOK_POLL_MS)),
    keysLoop(),
    loop("payouts", pollMs),
    loop("sweeps", pollMs),
    loop("sender", pollMs),
  ]);
  await db().$disconnect();
  logger().info("worker stopped");
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    // Finish the current ticks, then exit: nothing is left half-written either way (transactions).
    stopping.abort();
  });
}

main().catch((error) => {
  if (error instanceof RpcChainMismatchError) logger().fatal(error.message);
  else logger().fatal({ err: error }, "worker crashed");
  process.exit(1);
});
