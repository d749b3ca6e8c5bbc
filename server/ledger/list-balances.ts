import { NETWORK_CATALOG } from "../chains/catalog";
import type { DbClient } from "../db";
import { formatDecimal } from "../money";
import type { BalanceResponse } from "./balance.schema";
import { getBalances } from "./get-balances";

/** Decimals of an asset on a network, from the catalog (every asset the ledger holds is in it). */
function decimalsOf(networkId: string, asset: string): number {
  const network = NETWORK_CATALOG.find((n) => n.id === networkId);
  const spec = network && [network.nativeAsset, ...network.tokens].find((a) => a.symbol === asset);
  if (!spec) throw new Error(`asset ${asset} on ${networkId} is not in the network catalog`);
  return spec.decimals;
}

/** `GET /api/v1/balances`: the merchant's balances per (network, asset) in one mode, as decimal strings. */
export async function listBalances(
  db: DbClient,
  opts: { merchantId: string; livemode: boolean },
): Promise<BalanceResponse[]> {
  const balances = await getBalances(db, opts);
  return balances.map((b) => {
    const decimals = decimalsOf(b.networkId, b.asset);
    const fmt = (v: bigint) => formatDecimal(v, decimals, 2);
    return {
      object: "balance",
      livemode: opts.livemode,
      network: b.networkId,
      asset: b.asset,
      decimals,
      available: fmt(b.available),
      pending: fmt(b.pending),
      reserved: fmt(b.reserved),
      held: fmt(b.held),
      custody: { deposit_addresses: fmt(b.custodyDeposits), hot_wallet: fmt(0n) },
    };
  });
}
