import type { DbClient } from "../db";

/**
 * Leave out native transfers sent by the platform's gas wallet: on networks without EIP-7702 the fallback sweep funds
 * a deposit address with the gas of its own token transfer. That ETH is the operator's, recorded by the sweep (gas
 * float), never a payment of the address's invoice. The gas wallets' addresses are read from `platform_wallets`
 * (recorded by the worker at start, before it can send anything), so the web process needs no seed for this.
 */
export async function withoutGasFundings<T extends { tokenAddress: string | null; from: string }>(
  db: DbClient,
  transfers: T[],
): Promise<T[]> {
  if (!transfers.some((t) => t.tokenAddress === null)) return transfers;
  const wallets = await db.platformWallet.findMany({ where: { role: "gas" }, select: { address: true } });
  const gas = new Set(wallets.map((w) => w.address.toLowerCase()));
  return transfers.filter((t) => t.tokenAddress !== null || !gas.has(t.from.toLowerCase()));
}
