// Helpers shared by integration tests: merchants and keys through the domain functions, payments
// sent for real on the test stack's devnets, and API requests as an integrator sends them.
import type { Address, Hash } from "viem";
import { createApiKey } from "../server/auth/api-keys";
import { db, inTransaction } from "../server/db";
import { rpcEnvKey } from "../server/chains/catalog";
import { env } from "../server/env";
import { randomBase62 } from "../server/ids";
import { createMerchant } from "../server/merchants/create-merchant";
import { devnetWallet, sendDevnetPayment, type DevnetId } from "../scripts/lib/devnet-payment";

export { startWebhookReceiver, webhookHeaders } from "./webhook-receiver";

/** A new merchant with an API key (test mode unless `live`). */
export async function createTestMerchant(
  opts: { live?: boolean } = {},
): Promise<{ merchantId: string; key: string; slug: string }> {
  const slug = `m-${randomBase62(10).toLowerCase()}`;
  const merchant = await createMerchant(db(), { slug, name: `Merchant ${slug}` });
  const { key } = await inTransaction(db(), (tx) =>
    createApiKey(tx, { merchantId: merchant.id, livemode: opts.live ?? false }),
  );
  return { merchantId: merchant.id, key, slug };
}

function rpcUrl(network: DevnetId): string {
  const url = env()[rpcEnvKey(network)];
  if (!url) throw new Error(`${network} is not configured`);
  return url;
}

/** Pay on the test stack's devnet from anvil test account `accountIndex` (default 1). */
export function pay(opts: {
  network: DevnetId;
  asset: "USDC" | "USDT" | "ETH";
  to: Address;
  amount: bigint;
  accountIndex?: number;
}): Promise<{ hash: Hash; blockNumber: bigint }> {
  return sendDevnetPayment({ ...opts, rpcUrl: rpcUrl(opts.network) });
}

/** Mine `blocks` empty blocks on a devnet. */
export async function mine(network: DevnetId, blocks: number): Promise<void> {
  await devnetWallet(rpcUrl(network), network).test.mine({ blocks });
}

/** A JSON API request as an integrator sends it. */
export function apiRequest(
  method: string,
  path: string,
  opts: { key?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Request {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined || opts.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = opts.rawBody ?? JSON.stringify(opts.body);
  }
  return new Request(`http://payrail.test${path}`, { method, headers, body });
}

/** Route context for a dynamic segment. */
export function params<P>(value: P): { params: Promise<P> } {
  return { params: Promise.resolve(value) };
}
