// Helpers for the chain-scanning integration tests: raw JSON-RPC to the test devnets (anvil's own
// methods included), payments kept as signed raw transactions (so a reorg can re-include the very
// same transaction), and invoices created through the domain function.
import { encodeFunctionData, erc20Abi, type Address, type Hash, type Hex } from "viem";
import { DEVNET_TOKENS } from "../server/chains/devnet-tokens";
import { releaseNetworkLease } from "../server/chains/network-lease";
import type { Network } from "../server/chains/networks";
import { scanNetwork, type ScanOptions, type ScanResult } from "../server/chains/scan-network";
import { db, inTransaction } from "../server/db";
import { rpcEnvKey } from "../server/chains/catalog";
import { env } from "../server/env";
import { createInvoice } from "../server/invoices/create-invoice";
import { devnetWallet, type DevnetId } from "../scripts/lib/devnet-payment";
import type { PublicClient } from "viem";

/** The RPC URL of a test devnet. */
export function devnetRpcUrl(network: DevnetId): string {
  const url = env()[rpcEnvKey(network)];
  if (!url) throw new Error(`${network} is not configured`);
  return url;
}

/** One JSON-RPC call to a devnet (anvil_reorg, anvil_rollback, anvil_mine...); throws the node's error. */
export async function devnetRpc<T = unknown>(network: DevnetId, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(devnetRpcUrl(network), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { code: number; message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message} (${body.error.code})`);
  return body.result as T;
}

/** A devnet block's number and hash (lowercase); the head when `number` is omitted. */
export async function devnetBlock(network: DevnetId, number?: bigint): Promise<{ number: bigint; hash: Hash }> {
  const b = await devnetRpc<{ number: Hex; hash: Hash }>(network, "eth_getBlockByNumber", [
    number === undefined ? "latest" : `0x${number.toString(16)}`,
    false,
  ]);
  return { number: BigInt(b.number), hash: b.hash.toLowerCase() as Hash };
}

/** Sign a test-token (or ETH) payment from anvil test account `accountIndex`, send it and wait for it; returns the raw transaction too. */
export async function payRaw(opts: {
  network: DevnetId;
  asset: "USDC" | "USDT" | "ETH";
  to: Address;
  amount: bigint;
  accountIndex: number;
}): Promise<{ raw: Hex; hash: Hash; blockNumber: bigint; blockHash: Hash }> {
  const { wallet } = devnetWallet(devnetRpcUrl(opts.network), opts.network, opts.accountIndex);
  const token = DEVNET_TOKENS.find((t) => t.symbol === opts.asset);
  const request = await wallet.prepareTransactionRequest(
    token
      ? {
          to: token.address,
          data: encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [opts.to, opts.amount] }),
        }
      : { to: opts.to, value: opts.amount },
  );
  const raw = await wallet.signTransaction(request);
  const hash = await wallet.sendRawTransaction({ serializedTransaction: raw });
  const receipt = await wallet.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  if (receipt.status !== "success") throw new Error(`payment ${hash} reverted`);
  return {
    raw,
    hash: hash.toLowerCase() as Hash,
    blockNumber: receipt.blockNumber,
    blockHash: receipt.blockHash.toLowerCase() as Hash,
  };
}

/** Send a signed transaction again (after a rollback dropped it) and wait until it is mined. */
export async function resendRaw(network: DevnetId, raw: Hex): Promise<{ blockNumber: bigint }> {
  const { wallet } = devnetWallet(devnetRpcUrl(network), network);
  const hash = await wallet.sendRawTransaction({ serializedTransaction: raw });
  const receipt = await wallet.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  return { blockNumber: receipt.blockNumber };
}

/** A test-mode invoice of `amount` `currency` payable on one devnet; returns its id and lowercase deposit address. */
export async function createDevnetInvoice(
  merchantId: string,
  opts: { amount: string; currency: "USDC" | "USDT" | "ETH"; network: DevnetId },
): Promise<{ id: string; address: Address }> {
  const { id } = await inTransaction(db(), (tx) =>
    createInvoice(tx, {
      merchantId,
      livemode: false,
      request: {
        amount: opts.amount,
        currency: opts.currency,
        payment_methods: [{ network: opts.network, asset: opts.currency }],
      },
    }),
  );
  const deposit = await db().depositAddress.findUniqueOrThrow({ where: { invoiceId: id }, select: { address: true } });
  return { id, address: deposit.address as Address };
}

/** The invoice's event types in sequence order. */
export async function eventTypes(invoiceId: string): Promise<string[]> {
  const events = await db().event.findMany({
    where: { invoiceId },
    orderBy: { sequence: "asc" },
    select: { type: true },
  });
  return events.map((e) => e.type);
}

/** Scan as a worker does until nothing is left (at most 50 ranges), then free the lease; returns every scan's result. */
export async function scanToHead(
  client: PublicClient,
  network: Network,
  opts: Partial<ScanOptions> & { owner: string },
): Promise<ScanResult[]> {
  const results: ScanResult[] = [];
  try {
    for (let i = 0; i < 50; i++) {
      const r = await scanNetwork(db(), client, network, opts);
      results.push(r);
      if (r.outcome !== "scanned" && r.outcome !== "reorg") break;
    }
  } finally {
    await releaseNetworkLease(db(), { networkId: network.id, owner: opts.owner });
  }
  return results;
}
