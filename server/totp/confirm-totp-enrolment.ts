import { openSecret } from "../crypto/secret-box";
import type { Tx } from "../db";
import { AppError } from "../errors";
import { newId } from "../ids";
import { lockUserTotp } from "./lock-user-totp";
import { hashRecoveryCode, newRecoveryCode, normalizeRecoveryCode, RECOVERY_CODE_COUNT } from "./recovery-codes";
import { recordUserAudit } from "./record-user-audit";
import { matchTotpStep } from "./totp";

/**
 * Turn the person's TOTP on with a first code from their authenticator (proof that it holds the secret shown): the
 * code's step becomes the last used one, 10 recovery codes are made (stored as hashes only) and returned this once,
 * and every merchant of theirs gets a `totp.enabled` audit row. Errors: 409 `conflict` (not being set up, or already
 * on); 422 `second_factor_invalid` on `code`.
 */
export async function confirmTotpEnrolment(
  tx: Tx,
  opts: { userId: string; code: string; now: Date },
): Promise<{ recoveryCodes: string[] }> {
  const totp = await lockUserTotp(tx, opts.userId);
  if (!totp) throw new AppError("conflict", "Start setting up two-factor authentication first.");
  if (totp.enabledAt) throw new AppError("conflict", "Two-factor authentication is already on.");
  const step = matchTotpStep(openSecret(totp.secretSealed), opts.code.replace(/\s/g, ""), opts.now);
  if (step === null) {
    throw new AppError("second_factor_invalid", "The code is wrong or has expired: check your device's clock.", {
      param: "code",
    });
  }
  await tx.userTotp.update({
    where: { userId: opts.userId },
    data: { enabledAt: opts.now, lastUsedStep: step, failedAttempts: 0, failedWindowStartedAt: null },
  });
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.totpRecoveryCode.deleteMany({ where: { userId: opts.userId } });
  await tx.totpRecoveryCode.createMany({
    data: recoveryCodes.map((code) => ({
      id: newId("trc"),
      userId: opts.userId,
      codeHash: hashRecoveryCode(normalizeRecoveryCode(code)!),
      createdAt: opts.now,
    })),
  });
  await recordUserAudit(tx, {
    userId: opts.userId,
    action: "totp.enabled",
    data: { recovery_codes: RECOVERY_CODE_COUNT },
  });
  return { recoveryCodes };
}
