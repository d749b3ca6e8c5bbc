import type { DbClient } from "../db";
import { paginate, type ListParams } from "../db/pagination";

/** An API key as the dashboard lists it: never the key or its hash. */
export interface ApiKeyItem {
  id: string;
  name: string | null;
  prefix: string;
  livemode: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** One page of the merchant's API keys of this mode, newest first, revoked ones included. */
export async function listApiKeys(
  tx: DbClient,
  opts: { merchantId: string; livemode: boolean; params: ListParams },
): Promise<{ data: ApiKeyItem[]; has_more: boolean }> {
  const scope = { merchantId: opts.merchantId, livemode: opts.livemode };
  return paginate(
    opts.params,
    (id) => tx.apiKey.findFirst({ where: { ...scope, id }, select: { id: true, createdAt: true } }),
    ({ cursor, order, take }) =>
      tx.apiKey.findMany({
        where: { ...scope, ...cursor },
        orderBy: [{ createdAt: order }, { id: order }],
        take,
        select: { id: true, name: true, prefix: true, livemode: true, createdAt: true, lastUsedAt: true, revokedAt: true },
      }),
  );
}
