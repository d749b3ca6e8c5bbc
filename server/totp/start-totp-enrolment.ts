import { sealSecret } from "../crypto/secret-box";
import type { Tx } from "../db";
import { AppError } from "../errors";
import { lockUserTotp } from "./lock-user-totp";
import { newTotpSecret, otpauthUri } from "./totp";

/**
 * Start (or restart) setting up the person's TOTP: a new secret, stored sealed and not yet enabled, returned this
 * once with its `otpauth://` URI for the QR code. Until a code confirms it (confirmTotpEnrolment) it protects nothing;
 * starting again replaces it. Error: 409 `conflict` when TOTP is already on (turn it off first).
 */
export async function startTotpEnrolment(
  tx: Tx,
  opts: { userId: string; email: string; now: Date },
): Promise<{ secret: string; uri: string }> {
  const current = await lockUserTotp(tx, opts.userId);
  if (current?.enabledAt) {
    throw new AppError("conflict", "Two-factor authentication is already on. Turn it off first to use a new device.");
  }
  const secret = newTotpSecret();
  const data = { secretSealed: sealSecret(secret), enabledAt: null, lastUsedStep: null, updatedAt: opts.now };
  await tx.userTotp.upsert({
    where: { userId: opts.userId },
    create: { userId: opts.userId, ...data, createdAt: opts.now },
    update: data,
  });
  return { secret, uri: otpauthUri({ secret, account: opts.email }) };
}
