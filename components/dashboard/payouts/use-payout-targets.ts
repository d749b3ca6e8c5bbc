"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc-provider";
import { useDashboard } from "../dashboard-context";

/** The networks of this mode with their assets, and the available balance of each (network, asset). */
export function usePayoutTargets(enabled = true) {
  const trpc = useTRPC();
  const { scope } = useDashboard();
  const networks = useQuery({ ...trpc.settings.networks.queryOptions(scope), enabled });
  const balances = useQuery({ ...trpc.ledger.balances.queryOptions(scope), enabled });
  const available = (network: string, asset: string): string | null => {
    if (!balances.data) return null;
    return balances.data.find((b) => b.network === network && b.asset === asset)?.available ?? "0.00";
  };
  return { networks: networks.data ?? [], loading: networks.isPending, available };
}

/** A fresh idempotency key: one per form or preview, so a double click or a retry creates one thing. */
export const newIdempotencyKey = () => `dash_${crypto.randomUUID()}`;

/** The asset a form starts on: the network's first token (payouts are mostly stablecoins), else its native coin. */
export const defaultAssetOf = (assets: { symbol: string; token_address: string | null }[]): string =>
  (assets.find((a) => a.token_address !== null) ?? assets[0])?.symbol ?? "";
