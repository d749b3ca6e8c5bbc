import { randomUUID, timingSafeEqual } from "node:crypto";
import { hostname } from "node:os";
import { errorResponse, json } from "@/server/api/rest";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { webTick } from "@/server/jobs/web-tick";
import { redactValue } from "@/server/redact-secrets";

export const dynamic = "force-dynamic";
export const maxDuration = 60;

function authorized(request: Request): boolean {
  const secret = env().CRON_SECRET;
  const presented = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
  if (!secret || presented.length !== secret.length) return false;
  return timingSafeEqual(Buffer.from(presented), Buffer.from(secret));
}

// GET|POST /api/cron/tick: run one tick's web-safe parts (for platforms with scheduled HTTP calls), bearer CRON_SECRET.
// webTick, never server/jobs/tick: the web process holds no signing key and must not load the sender's modules.
async function handle(request: Request): Promise<Response> {
  try {
    if (!authorized(request)) throw new AppError("unauthenticated", "Send `Authorization: Bearer <CRON_SECRET>`.");
    // One lease owner per call: instances in containers all run as pid 1, and two concurrent calls in one
    // process must not both think they hold a network's lease.
    const report = await webTick(db(), { owner: `cron-${hostname()}-${process.pid}-${randomUUID()}` });
    // A network's error is a viem message that names the RPC URL, a provider's key included.
    return json(200, redactValue(report));
  } catch (error) {
    return errorResponse(error);
  }
}

export { handle as GET, handle as POST };
