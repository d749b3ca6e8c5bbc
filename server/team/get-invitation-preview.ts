import type { DbClient } from "../db";
import type { InvitationPreview } from "./team.schema";
import { hashInvitationToken } from "./invitation-token";

/** The invitation behind a link's token, or null for an unknown token. The token is the capability. */
export async function getInvitationPreview(
  tx: DbClient,
  opts: { token: string; now?: Date },
): Promise<InvitationPreview | null> {
  const row = await tx.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(opts.token) },
    select: {
      email: true,
      role: true,
      acceptedAt: true,
      revokedAt: true,
      expiresAt: true,
      merchant: { select: { name: true } },
    },
  });
  if (!row) return null;
  const now = opts.now ?? new Date();
  const status = row.acceptedAt ? "accepted" : row.revokedAt ? "revoked" : row.expiresAt <= now ? "expired" : "open";
  return { merchantName: row.merchant.name, email: row.email, role: row.role, status, expiresAt: row.expiresAt };
}
