import type { Tx } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { newId } from "../ids";
import { logger } from "../logger";

/**
 * Tell every owner and admin of a merchant something they must know (a new withdrawal address, say): one
 * `notifications` row each (stored: no dashboard inbox shows them yet) and one log line each (Payrail has no
 * mailer; an operator can forward these lines). Runs in the caller's transaction, so the notice exists exactly when the
 * change it announces does. Returns the user ids told.
 */
export async function notifyOwnersAndAdmins(
  tx: Tx,
  opts: { merchantId: string; kind: string; message: string; data: Prisma.InputJsonObject; now?: Date },
): Promise<string[]> {
  const members = await tx.membership.findMany({
    where: { merchantId: opts.merchantId, role: { in: ["owner", "admin"] } },
    select: { userId: true, role: true },
    orderBy: { createdAt: "asc" },
  });
  if (members.length === 0) return [];
  await tx.notification.createMany({
    data: members.map((m) => ({
      id: newId("ntf"),
      merchantId: opts.merchantId,
      userId: m.userId,
      kind: opts.kind,
      message: opts.message,
      data: opts.data,
      ...(opts.now ? { createdAt: opts.now } : {}),
    })),
  });
  for (const m of members) {
    logger().info(
      { merchantId: opts.merchantId, userId: m.userId, role: m.role, kind: opts.kind, ...opts.data },
      `notice to ${m.role}: ${opts.message}`,
    );
  }
  return members.map((m) => m.userId);
}
