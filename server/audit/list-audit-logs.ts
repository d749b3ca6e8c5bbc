import type { DbClient } from "../db";
import { paginate, type ListParams } from "../db/pagination";
import type { AuditLogItem } from "./audit-log.schema";

/** Names for actor ids: users by email, API keys by their displayable prefix. */
async function actorLabels(tx: DbClient, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const [users, keys] = await Promise.all([
    tx.user.findMany({
      where: { id: { in: unique.filter((id) => id.startsWith("usr_")) } },
      select: { id: true, email: true },
    }),
    tx.apiKey.findMany({
      where: { id: { in: unique.filter((id) => id.startsWith("key_")) } },
      select: { id: true, prefix: true, name: true },
    }),
  ]);
  const labels = new Map<string, string>();
  for (const u of users) labels.set(u.id, u.email);
  for (const k of keys) labels.set(k.id, `API key ${k.name ? `"${k.name}" ` : ""}(${k.prefix}…)`);
  return labels;
}

/** One page of the merchant's audit log, newest first. */
export async function listAuditLogs(
  tx: DbClient,
  opts: { merchantId: string; params: ListParams },
): Promise<{ data: AuditLogItem[]; has_more: boolean }> {
  const scope = { merchantId: opts.merchantId };
  const page = await paginate(
    opts.params,
    (id) => tx.auditLog.findFirst({ where: { ...scope, id }, select: { id: true, createdAt: true } }),
    ({ cursor, order, take }) =>
      tx.auditLog.findMany({
        where: { ...scope, ...cursor },
        orderBy: [{ createdAt: order }, { id: order }],
        take,
        select: {
          id: true,
          createdAt: true,
          livemode: true,
          action: true,
          targetType: true,
          targetId: true,
          data: true,
          actor: true,
        },
      }),
  );
  const labels = await actorLabels(
    tx,
    page.data.map((r) => r.actor),
  );
  return {
    data: page.data.map(({ actor, ...row }) => ({ ...row, actor: { id: actor, label: labels.get(actor) ?? actor } })),
    has_more: page.has_more,
  };
}
