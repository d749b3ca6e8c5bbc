import type { Hash, PublicClient } from "viem";
import type { DbClient } from "../db";
import type { ScannedBlock } from "./fetch-blocks";
import type { TransferLog } from "./get-transfer-logs";
import type { Network } from "./networks";

/** A transfer to a platform wallet from an address that is not Payrail's: the operator funding it. Lowercase hex. */
export interface FoundFunding {
  role: "gas" | "hot";
  asset: string;
  tokenAddress: string | null;
  decimals: number;
  txHash: Hash;
  /** -1 for a native transfer. */
  logIndex: number;
  from: string;
  to: string;
  amount: bigint;
  blockNumber: bigint;
  blockHash: Hash;
}

/**
 * The operator's fundings of the platform wallets in an already fetched range: the blocks' transactions whose `to` is
 * the mode's gas or hot wallet with a value (native), and the range's Transfer logs of the network's tokens whose
 * `to` is one of them, matched in memory like payments (find-transfers.ts), so the watcher's RPC calls per block stay
 * what they were: one receipt per native candidate (a reverted transaction moves nothing), which grows with fundings,
 * never with addresses. Transfers from Payrail's own addresses are not fundings and are left out: a platform wallet
 * (the hot wallet's self-calls, the gas wallet), a deposit address of an invoice or a customer (native sweeps into the
 * hot wallet, 7702 and fallback token sweeps, whose Transfer's `from` is the deposit address), looked up in the
 * database only for the few candidates. Those movements are posted by the sweeps and payouts that make them.
 *
 * Known limit: native ETH reaching a platform wallet inside another contract's call (an internal transaction, e.g.
 * from an exchange's batch contract) is not in any transaction's `to` and is not seen; reconciliation then lists the
 * wallet as a mismatch, and the operator funds with a plain transfer instead (README, docs/operations.md).
 */
export async function findPlatformFundings(
  db: DbClient,
  client: PublicClient,
  network: Pick<Network, "livemode" | "nativeAsset" | "tokens">,
  blocks: ScannedBlock[],
  logs: TransferLog[],
): Promise<FoundFunding[]> {
  const wallets = await db.platformWallet.findMany({ select: { role: true, address: true, livemode: true } });
  const roleOf = new Map(
    wallets
      .filter((w) => w.livemode === network.livemode && (w.role === "gas" || w.role === "hot"))
      .map((w) => [w.address.toLowerCase(), w.role as "gas" | "hot"]),
  );
  if (roleOf.size === 0) return [];
  const platform = new Set(wallets.map((w) => w.address.toLowerCase()));
  const hashes = new Map(blocks.map((b) => [b.number, b.hash]));

  const native: { tx: ScannedBlock["transactions"][number]; block: ScannedBlock; role: "gas" | "hot" }[] = [];
  for (const block of blocks) {
    for (const tx of block.transactions) {
      const role = tx.to && tx.value > 0n ? roleOf.get(tx.to.toLowerCase()) : undefined;
      if (role && !platform.has(tx.from.toLowerCase())) native.push({ tx, block, role });
    }
  }
  const tokens = new Map(
    network.tokens.flatMap((t) => (t.tokenAddress ? [[t.tokenAddress.toLowerCase(), t] as const] : [])),
  );
  const tokenLogs = logs.filter(
    (log) =>
      log.value > 0n &&
      roleOf.has(log.to.toLowerCase()) &&
      !platform.has(log.from.toLowerCase()) &&
      tokens.has(log.token.toLowerCase()) &&
      hashes.get(log.blockNumber) === log.blockHash,
  );
  if (native.length === 0 && tokenLogs.length === 0) return [];

  const ours = await depositAddressesAmong(db, [
    ...native.map(({ tx }) => tx.from.toLowerCase()),
    ...tokenLogs.map((l) => l.from.toLowerCase()),
  ]);
  const candidates = native.filter(({ tx }) => !ours.has(tx.from.toLowerCase()));
  const receipts = await Promise.all(
    candidates.map(
      ({ tx }) =>
        client.request({ method: "eth_getTransactionReceipt", params: [tx.hash] }) as Promise<{
          status: string;
          blockHash: string;
        } | null>,
    ),
  );
  const found: FoundFunding[] = [];
  candidates.forEach(({ tx, block, role }, i) => {
    const receipt = receipts[i];
    // A receipt from another block means the chain moved under us: the next range's parent check rewinds.
    if (receipt?.status !== "0x1" || receipt.blockHash.toLowerCase() !== block.hash || !tx.to) return;
    found.push({
      role,
      asset: network.nativeAsset.symbol,
      tokenAddress: null,
      decimals: network.nativeAsset.decimals,
      txHash: tx.hash,
      logIndex: -1,
      from: tx.from.toLowerCase(),
      to: tx.to.toLowerCase(),
      amount: tx.value,
      blockNumber: block.number,
      blockHash: block.hash,
    });
  });
  for (const log of tokenLogs) {
    if (ours.has(log.from.toLowerCase())) continue;
    const token = tokens.get(log.token.toLowerCase())!;
    found.push({
      role: roleOf.get(log.to.toLowerCase())!,
      asset: token.symbol,
      tokenAddress: log.token.toLowerCase(),
      decimals: token.decimals,
      txHash: log.txHash,
      logIndex: log.logIndex,
      from: log.from.toLowerCase(),
      to: log.to.toLowerCase(),
      amount: log.value,
      blockNumber: log.blockNumber,
      blockHash: log.blockHash,
    });
  }
  return found;
}

/** Which of these lowercase addresses are deposit addresses (an invoice's or a customer's), watched or not. */
async function depositAddressesAmong(db: DbClient, addresses: string[]): Promise<Set<string>> {
  const unique = [...new Set(addresses)];
  if (unique.length === 0) return new Set();
  const rows = await db.$queryRaw<{ address: string }[]>`
    SELECT address FROM deposit_addresses WHERE address = ANY(${unique})
    UNION
    SELECT deposit_address AS address FROM customers WHERE deposit_address = ANY(${unique})`;
  return new Set(rows.map((r) => r.address.toLowerCase()));
}
