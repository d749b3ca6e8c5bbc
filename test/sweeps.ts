// Helpers shared by the sweep and withdrawal integration tests on the devnet: the gas wallet topped up, the worker's
// parts ticked until the scanner is at the head or a sweep or withdrawal is settled, paid and confirmed deposits,
// auto-withdrawal rules through the API, and balances on chain and in the ledger.
import { expect } from "vitest";
import { erc20Abi, parseEther, type Address, type PublicClient } from "viem";
import { POST as createRule } from "../app/api/v1/auto_withdrawals/route";
import { publicClientFor } from "../server/chains/client";
import { DEVNET_TOKENS } from "../server/chains/devnet-tokens";
import { findNetwork, type Network } from "../server/chains/networks";
import { db, inTransaction } from "../server/db";
import { tick } from "../server/jobs/tick";
import { merchantAccount } from "../server/ledger/chart-of-accounts";
import { getBalances } from "../server/ledger/get-balances";
import { formatDecimal } from "../server/money";
import { requestSweep } from "../server/sweeps/request-sweep";
import { platformAddress } from "../server/wallets/platform-keys";
import { createDevnetInvoice, devnetRpc } from "./chains";
import { apiRequest, mine, params, pay } from "./fixtures";

/** The devnet these tests sweep on, its network entry, and its (cached) public client. */
export const NETWORK = "devnet" as const;
export const network = findNetwork(NETWORK) as Network;
export const client: PublicClient = publicClientFor(network);

/** An asset of the devnet. */
export type Asset = "USDC" | "USDT" | "ETH";

/** A paid deposit address, the derivation path of its key, and what was paid to it (base units). */
export interface Deposit {
  address: Address;
  keyPath: string;
  amount: bigint;
}

/** The devnet contract address of a test token. */
export const tokenAddress = (asset: "USDC" | "USDT"): Address => DEVNET_TOKENS.find((t) => t.symbol === asset)!.address;

/** On-chain ERC-20 balance of `token` at `address`, base units. */
export const tokenBalance = (token: Address, address: Address): Promise<bigint> =>
  client.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [address] });

/** On-chain balance of `asset` at `address`, base units (wei for ETH). */
export function balanceOf(asset: Asset, address: Address): Promise<bigint> {
  return asset === "ETH" ? client.getBalance({ address }) : tokenBalance(tokenAddress(asset), address);
}

/** Give the test-mode gas wallet exactly `eth` ETH on the devnet (anvil_setBalance; decimal ETH, default 100). */
export async function fundGasWallet(eth = "100"): Promise<void> {
  await devnetRpc(NETWORK, "anvil_setBalance", [platformAddress("gas", false), `0x${parseEther(eth).toString(16)}`]);
}

/** Tick the chains part until the devnet's cursor is at its head (at most 50 passes), then once more to confirm it. */
export async function scanToHead(owner: string): Promise<void> {
  const head = await client.getBlockNumber({ cacheTime: 0 });
  for (let i = 0; i < 50; i++) {
    const r = await tick(db(), { owner, parts: ["chains"] });
    if (r.networks[NETWORK]?.error) console.warn(r.networks[NETWORK]?.error.slice(0, 200));
    const cursor = await db().networkCursor.findUnique({ where: { networkId: NETWORK } });
    if (cursor?.blockNumber != null && cursor.blockNumber >= head) {
      await tick(db(), { owner, parts: ["chains"] });
      return;
    }
  }
  throw new Error("the scanner did not reach the head");
}

/** Mine 3 blocks (the devnet's confirmations) and scan to the head: what was sent so far is confirmed. */
export async function settlePayments(owner: string): Promise<void> {
  await mine(NETWORK, 3);
  await scanToHead(owner);
}

/**
 * Pay one invoice of `asset` per amount (base units) from anvil account `payer`, settling every ten payments, until
 * all of them are confirmed; returns the deposits in the same order.
 */
export async function paidDeposits(opts: {
  owner: string;
  merchantId: string;
  asset: Asset;
  amounts: bigint[];
  payer: number;
}): Promise<Deposit[]> {
  const { owner, merchantId, asset, amounts, payer } = opts;
  const out: Deposit[] = [];
  // Ten at a time: the scanner and the confirmer keep each of their transactions small on a loaded machine.
  for (const [i, amount] of amounts.entries()) {
    const inv = await createDevnetInvoice(merchantId, {
      amount: formatDecimal(amount, asset === "ETH" ? 18 : 6),
      currency: asset,
      network: NETWORK,
    });
    await pay({ network: NETWORK, asset, to: inv.address, amount, accountIndex: payer });
    const dep = await db().depositAddress.findUniqueOrThrow({ where: { address: inv.address } });
    out.push({ address: inv.address, keyPath: dep.derivationPath, amount });
    if (out.length % 10 === 0 || i === amounts.length - 1) await settlePayments(owner);
  }
  const addresses = out.map((o) => o.address.toLowerCase());
  for (let i = 0; i < 30; i++) {
    const pending = await db().payment.count({ where: { toAddress: { in: addresses }, status: { not: "confirmed" } } });
    const seen = await db().payment.count({ where: { toAddress: { in: addresses } } });
    if (pending === 0 && seen === out.length) return out;
    await settlePayments(owner);
  }
  throw new Error("payments did not confirm");
}

/**
 * Tick the sweeps and sender parts (mining a block between passes) until `done`, at most `passes` times, then settle.
 * By default the clock runs a minute ahead per pass, so an item deferred by a pass is retried by the next.
 */
async function sweepUntil(
  owner: string,
  done: () => Promise<boolean>,
  opts: { passes: number; advanceClock?: boolean; onLastPass?: () => Promise<void> },
): Promise<void> {
  for (let i = 0; i < opts.passes; i++) {
    const at = new Date(Date.now() + i * 60_000);
    await tick(db(), { owner, parts: ["sweeps", "sender"], now: opts.advanceClock === false ? undefined : () => at });
    if (await done()) break;
    if (i === opts.passes - 1) await opts.onLastPass?.();
    await mine(NETWORK, 1);
  }
  await settlePayments(owner);
}

/** Plan and send until these sweeps are confirmed or failed (at most `passes` passes), then confirm what was mined. */
export async function runSweeps(owner: string, sweepIds: string[], passes: number): Promise<void> {
  const open = () => db().sweep.count({ where: { id: { in: sweepIds }, status: { notIn: ["confirmed", "failed"] } } });
  await sweepUntil(owner, async () => (await open()) === 0, {
    passes,
    onLastPass: async () =>
      console.warn(
        await db().sweepItem.findMany({
          where: { sweepId: { in: sweepIds } },
          select: { status: true, attempts: true, failureReason: true },
        }),
      ),
  });
}

/** Carry out the sweeps another file left open on the devnet, so they do not show in this file's passes. */
export async function finishOpenSweeps(owner: string, passes: number): Promise<void> {
  const left = await db().sweep.findMany({
    where: { networkId: NETWORK, status: { notIn: ["confirmed", "failed"] } },
    select: { id: true },
  });
  if (left.length > 0)
    await runSweeps(
      owner,
      left.map((l) => l.id),
      passes,
    );
}

/** Sweep and send until the withdrawal is confirmed or failed (at most `passes` passes), settle; returns its status. */
export async function settleWithdrawal(
  owner: string,
  withdrawalId: string,
  opts: { passes: number; advanceClock?: boolean },
): Promise<string> {
  const status = async () => (await db().withdrawal.findUniqueOrThrow({ where: { id: withdrawalId } })).status;
  await sweepUntil(owner, async () => ["confirmed", "failed"].includes(await status()), opts);
  return status();
}

/** A withdrawal sweep of `sources` (base units) to `to` from available `asset`; idempotent on `keyPrefix`:`to`. */
export function requestWithdrawalSweep(
  keyPrefix: string,
  merchantId: string,
  asset: string,
  to: Address,
  sources: Deposit[],
) {
  const scope = { merchantId, livemode: false, networkId: NETWORK, asset };
  return inTransaction(db(), (tx) =>
    requestSweep(tx, {
      key: `${keyPrefix}:${to}`,
      networkId: NETWORK,
      livemode: false,
      merchantId,
      asset,
      to,
      purpose: "withdrawal",
      sourceId: `wd_test_${to.slice(2, 10)}`,
      debitAccountId: merchantAccount("available", scope).id,
      sources,
    }),
  );
}

/** Create an auto-withdrawal rule on the devnet through the API (expects 201); decimal amounts; returns its id. */
export async function setRule(
  key: string,
  body: { asset: Asset; address: Address; threshold: string; keep?: string },
): Promise<{ id: string }> {
  const res = await createRule(
    apiRequest("POST", "/api/v1/auto_withdrawals", { key, body: { network: NETWORK, ...body } }),
    params({}),
  );
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string };
}

/** One pass of the withdrawals part (at `now`, default the real clock); returns the withdrawals it created. */
export async function planWithdrawals(owner: string, now?: Date): Promise<string[]> {
  const r = await tick(db(), { owner, parts: ["withdrawals"], now: now ? () => now : undefined });
  return r.withdrawals?.created ?? [];
}

/** The merchant's test-mode ledger balance of `asset` on the devnet, base units (0 where there is no account). */
export async function ledgerBalance(merchantId: string, asset: Asset) {
  const b = (await getBalances(db(), { merchantId, livemode: false })).find(
    (x) => x.networkId === NETWORK && x.asset === asset,
  );
  return { available: b?.available ?? 0n, reserved: b?.reserved ?? 0n, custodyDeposits: b?.custodyDeposits ?? 0n };
}
