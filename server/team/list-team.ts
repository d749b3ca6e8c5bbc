import type { DbClient } from "../db";
import { paginate, type ListParams } from "../db/pagination";
import type { PendingInvitation, TeamMember } from "./team.schema";

/** One page of the merchant's members, newest first. */
export async function listMembers(
  tx: DbClient,
  opts: { merchantId: string; params: ListParams },
): Promise<{ data: TeamMember[]; has_more: boolean }> {
  const scope = { merchantId: opts.merchantId };
  const page = await paginate(
    opts.params,
    (id) => tx.membership.findFirst({ where: { ...scope, id }, select: { id: true, createdAt: true } }),
    ({ cursor, order, take }) =>
      tx.membership.findMany({
        where: { ...scope, ...cursor },
        orderBy: [{ createdAt: order }, { id: order }],
        take,
        select: { id: true, userId: true, role: true, createdAt: true, user: { select: { email: true, name: true } } },
      }),
  );
  return {
    data: page.data.map(({ user, ...m }) => ({ ...m, email: user.email, name: user.name })),
    has_more: page.has_more,
  };
}

/** One page of the merchant's invitations still open (not accepted, revoked or expired), newest first. */
export async function listPendingInvitations(
  tx: DbClient,
  opts: { merchantId: string; params: ListParams; now?: Date },
): Promise<{ data: PendingInvitation[]; has_more: boolean }> {
  const scope = {
    merchantId: opts.merchantId,
    acceptedAt: null,
    revokedAt: null,
    expiresAt: { gt: opts.now ?? new Date() },
  };
  const page = await paginate(
    opts.params,
    (id) =>
      tx.invitation.findFirst({ where: { merchantId: opts.merchantId, id }, select: { id: true, createdAt: true } }),
    ({ cursor, order, take }) =>
      tx.invitation.findMany({
        where: { ...scope, ...cursor },
        orderBy: [{ createdAt: order }, { id: order }],
        take,
        select: { id: true, email: true, role: true, createdAt: true, expiresAt: true, invitedById: true },
      }),
  );
  const inviters = await tx.user.findMany({
    where: { id: { in: page.data.map((i) => i.invitedById) } },
    select: { id: true, email: true },
  });
  const emailOf = new Map(inviters.map((u) => [u.id, u.email]));
  return {
    data: page.data.map(({ invitedById, ...i }) => ({ ...i, invitedBy: emailOf.get(invitedById) ?? invitedById })),
    has_more: page.has_more,
  };
}
