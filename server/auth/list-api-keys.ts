import type { DbClient } from "../db";
import { paginate, type ListParams } from "../db/pagination";
import type { ApiScope } from "./api-scopes";

/** An API key as the dashboard lists it: never the key or its hash. */
export interface ApiKeyItem {
  id: string;
  name: string | null;
  prefix: string;
  livemode: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** Null for a secret key (every scope). */
  scopes: ApiScope[] | null;
  /** Who created it in the dashboard (null: the CLI, or a deleted account), and whether they are still a member. */
  createdBy: { id: string; name: string | null; email: string; isMember: boolean } | null;
}

/**
 * One page of the merchant's API keys of this mode, newest first, revoked ones included, each with its
 * scopes and its creator (and whether the creator is still a member: a former member's keys are the ones
 * to revoke).
 */
export async function listApiKeys(
  tx: DbClient,
  opts: { merchantId: string; livemode: boolean; params: ListParams },
): Promise<{ data: ApiKeyItem[]; has_more: boolean }> {
  const scope = { merchantId: opts.merchantId, livemode: opts.livemode };
  const page = await paginate(
    opts.params,
    (id) => tx.apiKey.findFirst({ where: { ...scope, id }, select: { id: true, createdAt: true } }),
    ({ cursor, order, take }) =>
      tx.apiKey.findMany({
        where: { ...scope, ...cursor },
        orderBy: [{ createdAt: order }, { id: order }],
        take,
        select: {
          id: true,
          name: true,
          prefix: true,
          livemode: true,
          createdAt: true,
          lastUsedAt: true,
          revokedAt: true,
          restricted: true,
          scopes: true,
          createdBy: {
            select: {
              id: true,
              name: true,
              email: true,
              memberships: { where: { merchantId: opts.merchantId }, select: { id: true } },
            },
          },
        },
      }),
  );
  return {
    has_more: page.has_more,
    data: page.data.map(({ restricted, scopes, createdBy, ...key }) => ({
      ...key,
      scopes: restricted ? (scopes as ApiScope[]) : null,
      createdBy: createdBy
        ? { id: createdBy.id, name: createdBy.name, email: createdBy.email, isMember: createdBy.memberships.length > 0 }
        : null,
    })),
  };
}
