import type { Tx } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { newId } from "../ids";

/** What the audit log records; `actor` is a user id, or an API key id for actions taken through the API. */
export interface AuditEntry {
  merchantId: string;
  /** The mode the action belongs to; null for mode-less things (settings, team). */
  livemode: boolean | null;
  actor: string;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  /** What changed; never secrets. */
  data?: Prisma.InputJsonValue;
}

/** Every action the audit log knows. */
export const auditActions = [
  "merchant.created",
  "settings.updated",
  "api_key.created",
  "api_key.revoked",
  "webhook_endpoint.created",
  "webhook_endpoint.updated",
  "webhook_endpoint.secret_rotated",
  "webhook_endpoint.secret_revealed",
  "webhook_endpoint.disabled",
  "webhook_endpoint.enabled",
  "webhook_endpoint.deleted",
  "webhook_delivery.resent",
  "webhook_endpoint.test_sent",
  "invoice.resolved",
  "team.invited",
  "team.invitation_revoked",
  "team.member_joined",
  "team.role_changed",
  "team.member_removed",
  "auto_withdrawal.created",
  "auto_withdrawal.deleted",
  "auto_withdrawal.disabled_after_failures",
  "totp.enabled",
  "totp.disabled",
  "totp.recovery_code_used",
  "payout.approved",
  "payout.auto_approved",
  "payout.rejected",
  "payout_batch.approved",
  "payout_batch.auto_approved",
  "payout_batch.rejected",
  "payout_allowlist.added",
  "payout_allowlist.removed",
  "payout_auto_approval_limit.updated",
] as const;
export type AuditAction = (typeof auditActions)[number];

/** Append one audit row; call it in the transaction of the action it records, so both commit or neither. */
export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      id: newId("aud"),
      merchantId: entry.merchantId,
      livemode: entry.livemode,
      actor: entry.actor,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      data: entry.data ?? {},
    },
  });
}
