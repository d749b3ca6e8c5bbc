// Helpers shared by integration tests: merchants and keys through the domain functions, payments
// sent for real on the anvil devnets, and a local webhook receiver.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { createTestClient, createWalletClient, defineChain, erc20Abi, http, publicActions, type Address, type Hash } from "viem";
import { createApiKey } from "../server/auth/api-keys";
import { anvilTestAccounts, DEVNET_TOKENS } from "../server/chains/devnet-tokens";
import { db } from "../server/db";
import { env } from "../server/env";
import { randomBase62 } from "../server/ids";
import { createMerchant } from "../server/merchants/create-merchant";

export type DevnetId = "devnet" | "devnet-b";

/** A new merchant with a test-mode API key. */
export async function createTestMerchant(opts: { live?: boolean } = {}): Promise<{ merchantId: string; key: string; slug: string }> {
  const slug = `m-${randomBase62(10).toLowerCase()}`;
  const merchant = await createMerchant(db(), { slug, name: `Merchant ${slug}` });
  const { key } = await createApiKey(db(), { merchantId: merchant.id, livemode: opts.live ?? false });
  return { merchantId: merchant.id, key, slug };
}

function rpcUrl(network: DevnetId): string {
  const url = network === "devnet" ? env().RPC_URL_DEVNET : env().RPC_URL_DEVNET_B;
  if (!url) throw new Error(`${network} is not configured`);
  return url;
}

/** A wallet on a devnet for anvil test account `accountIndex`, with public and test actions. */
export function devnetWallet(network: DevnetId, accountIndex = 1) {
  const chain = defineChain({
    id: network === "devnet" ? 31337 : 31338,
    name: network,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl(network)] } },
  });
  const account = anvilTestAccounts(accountIndex + 1)[accountIndex]!;
  const wallet = createWalletClient({ account, chain, transport: http(rpcUrl(network)) }).extend(publicActions);
  const test = createTestClient({ mode: "anvil", chain, transport: http(rpcUrl(network)) });
  return { wallet, test, account };
}

/** Send `amount` base units of a test token (or ETH when asset is "ETH") and wait for the receipt. */
export async function pay(opts: { network: DevnetId; asset: "USDC" | "USDT" | "ETH"; to: Address; amount: bigint; accountIndex?: number }): Promise<{ hash: Hash; blockNumber: bigint }> {
  const { wallet } = devnetWallet(opts.network, opts.accountIndex);
  const hash =
    opts.asset === "ETH"
      ? await wallet.sendTransaction({ to: opts.to, value: opts.amount })
      : await wallet.writeContract({ address: DEVNET_TOKENS.find((t) => t.symbol === opts.asset)!.address, abi: erc20Abi, functionName: "transfer", args: [opts.to, opts.amount] });
  const receipt = await wallet.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`payment ${hash} reverted`);
  return { hash, blockNumber: receipt.blockNumber };
}

/** Mine `blocks` empty blocks on a devnet. */
export async function mine(network: DevnetId, blocks: number): Promise<void> {
  await devnetWallet(network).test.mine({ blocks });
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP server that records what it receives and answers with `status()` (200 by default). */
export async function startWebhookReceiver(status: () => number = () => 200) {
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.statusCode = status();
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A JSON API request as an integrator sends it. */
export function apiRequest(method: string, path: string, opts: { key?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}): Request {
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
