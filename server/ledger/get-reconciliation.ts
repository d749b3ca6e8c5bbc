import type { PublicClient } from "viem";
import { enabledNetworks, type Network } from "../chains/networks";
import type { DbClient } from "../db";
import { AppError } from "../errors";
import { reconcile } from "./reconcile";
import { toReconciliationResponse } from "./reconciliation-response";
import type { ReconciliationQuery, ReconciliationResponse } from "./reconciliation.schema";

/**
 * `GET /api/v1/reconciliation` and the dashboard: the merchant's reconciliation report in one mode, as
 * decimal strings. `network` must be enabled for the mode (else 422 `unsupported_network`) and `asset` one
 * of its assets, or of any enabled network's when no network is given (else 422 `unsupported_asset`).
 */
export async function getReconciliation(
  db: DbClient,
  opts: {
    merchantId: string;
    livemode: boolean;
    query: ReconciliationQuery;
    clientFor?: (network: Network) => PublicClient;
  },
): Promise<ReconciliationResponse> {
  const networks = enabledNetworks({ livemode: opts.livemode });
  const { network, asset } = opts.query;
  const scoped = network === undefined ? networks : networks.filter((n) => n.id === network);
  if (network !== undefined && scoped.length === 0) {
    throw new AppError(
      "unsupported_network",
      `Network ${network} is not enabled in ${opts.livemode ? "live" : "test"} mode.`,
      { param: "network" },
    );
  }
  if (asset !== undefined && !scoped.some((n) => n.assets.some((a) => a.symbol === asset))) {
    throw new AppError("unsupported_asset", `Asset ${asset} is not accepted on ${network ?? "any enabled network"}.`, {
      param: "asset",
    });
  }
  const [report] = await reconcile(db, {
    merchantId: opts.merchantId,
    livemode: opts.livemode,
    networkId: network,
    asset,
    networks,
    clientFor: opts.clientFor,
  });
  return toReconciliationResponse(report!);
}
