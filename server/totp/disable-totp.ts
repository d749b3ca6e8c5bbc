import type { Tx } from "../db";
import { recordUserAudit } from "./record-user-audit";
import { verifySecondFactor } from "./verify-second-factor";

/**
 * Turn the person's TOTP off with a current code or a recovery code (a lost phone): the secret and the recovery codes
 * are deleted and every merchant of theirs gets a `totp.disabled` audit row. Run it through withSecondFactor (the
 * wrong-code budget). Errors: verifySecondFactor's.
 */
export async function disableTotp(tx: Tx, opts: { userId: string; code: string; now: Date }): Promise<void> {
  const method = await verifySecondFactor(tx, opts);
  await tx.userTotp.delete({ where: { userId: opts.userId } });
  await recordUserAudit(tx, { userId: opts.userId, action: "totp.disabled", data: { method } });
}
