import type { DbClient } from "../db";

/** Whether the person's TOTP is off, being set up, or on (since when, with how many recovery codes left). */
export interface TotpStatus {
  state: "off" | "pending" | "on";
  enabledAt: Date | null;
  recoveryCodesLeft: number;
}

/** The person's TOTP state; never the secret. */
export async function getTotpStatus(db: DbClient, userId: string): Promise<TotpStatus> {
  const totp = await db.userTotp.findUnique({ where: { userId }, select: { enabledAt: true } });
  if (!totp) return { state: "off", enabledAt: null, recoveryCodesLeft: 0 };
  if (!totp.enabledAt) return { state: "pending", enabledAt: null, recoveryCodesLeft: 0 };
  const left = await db.totpRecoveryCode.count({ where: { userId, usedAt: null } });
  return { state: "on", enabledAt: totp.enabledAt, recoveryCodesLeft: left };
}
