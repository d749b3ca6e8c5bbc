import { openSecret } from "../crypto/secret-box";
import type { Tx } from "../db";
import { AppError } from "../errors";
import { lockUserTotp } from "./lock-user-totp";
import { hashRecoveryCode, normalizeRecoveryCode } from "./recovery-codes";
import { recordUserAudit } from "./record-user-audit";
import { matchTotpStep } from "./totp";

/** How a second factor was given. */
export type SecondFactorMethod = "totp" | "recovery_code";

/**
 * Check the person's second factor in the caller's transaction (under their TOTP row's lock), and spend it: a
 * 6-digit code of the current time step or one either side, newer than the last code accepted (which it becomes), or
 * one of their unused recovery codes (then used, and audited in each of their merchants). Failures are forgotten.
 * Errors: 403 `second_factor_required` (no TOTP, or still being set up); 422 `second_factor_invalid` on `code` (wrong,
 * expired, or already used). The caller's transaction must roll back on an error, and whatever it does commits only
 * with the spent code: an approval and its code go together or not at all.
 */
export async function verifySecondFactor(
  tx: Tx,
  opts: { userId: string; code: string; now: Date },
): Promise<SecondFactorMethod> {
  const totp = await lockUserTotp(tx, opts.userId);
  if (!totp?.enabledAt) {
    throw new AppError("second_factor_required", "Set up two-factor authentication first (Settings → Security).");
  }
  const input = opts.code.replace(/\s/g, "");
  const forgetFailures = { failedAttempts: 0, failedWindowStartedAt: null };
  if (/^\d{6}$/.test(input)) {
    const step = matchTotpStep(openSecret(totp.secretSealed), input, opts.now);
    if (step === null) {
      throw new AppError("second_factor_invalid", "The code is wrong or has expired.", { param: "code" });
    }
    if (totp.lastUsedStep !== null && step <= totp.lastUsedStep) {
      throw new AppError("second_factor_invalid", "This code was already used: wait for the next one.", {
        param: "code",
      });
    }
    await tx.userTotp.update({ where: { userId: opts.userId }, data: { lastUsedStep: step, ...forgetFailures } });
    return "totp";
  }
  const recovery = normalizeRecoveryCode(input);
  const used = recovery
    ? await tx.totpRecoveryCode.updateMany({
        where: { userId: opts.userId, codeHash: hashRecoveryCode(recovery), usedAt: null },
        data: { usedAt: opts.now },
      })
    : { count: 0 };
  if (used.count !== 1) {
    throw new AppError("second_factor_invalid", "The code is wrong or has expired.", { param: "code" });
  }
  await tx.userTotp.update({ where: { userId: opts.userId }, data: forgetFailures });
  const left = await tx.totpRecoveryCode.count({ where: { userId: opts.userId, usedAt: null } });
  await recordUserAudit(tx, {
    userId: opts.userId,
    action: "totp.recovery_code_used",
    data: { recovery_codes_left: left },
  });
  return "recovery_code";
}
