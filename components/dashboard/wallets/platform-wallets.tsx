"use client";

import { useQuery } from "@tanstack/react-query";
import { AlertTriangle, Fuel, Vault } from "lucide-react";
import { useTRPC } from "@/components/trpc-provider";
import { useDashboard } from "../dashboard-context";
import { Amount, Mono } from "../display";
import { ErrorState, Panel, TableSkeleton } from "../states";

/** Per network, the platform's gas wallet (pays every sweep's gas) and hot wallet (holds what payouts need). */
export function PlatformWallets() {
  const trpc = useTRPC();
  const { scope } = useDashboard();
  const wallets = useQuery(trpc.withdrawals.wallets.queryOptions(scope));
  if (wallets.isPending) {
    return (
      <Panel title="Platform wallets">
        <TableSkeleton rows={2} columns={3} />
      </Panel>
    );
  }
  if (wallets.isError) {
    return (
      <Panel title="Platform wallets">
        <ErrorState message={wallets.error.message} onRetry={() => void wallets.refetch()} />
      </Panel>
    );
  }
  return (
    <section aria-labelledby="platform-wallets-heading">
      <h2 id="platform-wallets-heading" className="mb-3 text-sm font-semibold">
        Platform wallets
      </h2>
      <ul className="grid gap-4 lg:grid-cols-2" aria-label="Platform wallets">
        {wallets.data.map((w) => (
          <li key={w.network} className="rounded-xl border bg-card p-4" aria-label={`${w.name} wallets`}>
            <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{w.name}</p>
            {w.gas.low && (
              <p
                role="alert"
                className="mt-3 flex gap-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-500/10 dark:text-amber-200"
              >
                <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
                <span>
                  Gas wallet low on {w.name}: {w.gas.balance} {w.native_asset} left, below {w.gas.low_threshold}{" "}
                  {w.native_asset}. Sweeps and withdrawals stop when it cannot pay their gas: send {w.native_asset} to
                  its address.
                </span>
              </p>
            )}
            {!w.recorded ? (
              <p className="mt-3 text-sm text-muted-foreground">
                The worker has not recorded the platform wallets yet: start it (npm run worker) and reload.
              </p>
            ) : (
              <dl className="mt-3 grid gap-4 sm:grid-cols-2">
                <div>
                  <dt className="flex items-center gap-1.5 text-xs text-muted-foreground">
                    <Fuel aria-hidden className="size-3.5" /> Gas wallet
                  </dt>
                  <dd className="mt-1 flex flex-col gap-1 text-sm">
                    <Mono value={w.gas.address ?? ""} copy what="gas wallet address" />
                    {w.gas.balance !== null && <Amount value={w.gas.balance} currency={w.native_asset} />}
                  </dd>
                </div>
                <div>
                  <dt className="flex items-center gap-1.5 text-xs text-muted-foreground">
                    <Vault aria-hidden className="size-3.5" /> Hot wallet
                  </dt>
                  <dd className="mt-1 flex flex-col gap-1 text-sm">
                    <Mono value={w.hot.address ?? ""} copy what="hot wallet address" />
                    {w.hot.balances.map((b) => (
                      <Amount key={b.asset} value={b.amount} currency={b.asset} />
                    ))}
                  </dd>
                </div>
              </dl>
            )}
            {w.error && <p className="mt-3 text-sm text-red-700 dark:text-red-300">{w.error}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
