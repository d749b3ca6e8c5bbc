import type { DbClient, Tx } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import type { MerchantSettings, MerchantSettingsRequest } from "./merchant-settings.schema";

const settingsSelect = {
  id: true,
  slug: true,
  name: true,
  supportEmail: true,
  logoUrl: true,
  accentColor: true,
  defaultExpirySeconds: true,
  underpaymentToleranceKind: true,
  underpaymentToleranceValue: true,
  underpaymentToleranceCurrency: true,
} as const satisfies Prisma.MerchantSelect;

/** The merchant's settings; an unknown merchant is a 404. */
export async function getMerchantSettingsOrThrow(tx: DbClient, merchantId: string): Promise<MerchantSettings> {
  const row = await tx.merchant.findUnique({ where: { id: merchantId }, select: settingsSelect });
  if (!row) throw new AppError("resource_missing", "No such merchant.");
  return row;
}

/**
 * Save the merchant's settings and record in the audit log what changed (old and new values). New
 * invoices use them; existing invoices keep the tolerance and expiry they were created with.
 */
export async function updateMerchantSettings(
  tx: Tx,
  opts: { merchantId: string; actor: string; settings: MerchantSettingsRequest },
): Promise<MerchantSettings> {
  const before = await getMerchantSettingsOrThrow(tx, opts.merchantId);
  const after = await tx.merchant.update({
    where: { id: opts.merchantId },
    data: opts.settings,
    select: settingsSelect,
  });
  const changes = Object.fromEntries(
    (Object.keys(opts.settings) as (keyof MerchantSettingsRequest)[])
      .filter((k) => before[k] !== after[k])
      .map((k) => [k, { from: before[k], to: after[k] }]),
  );
  if (Object.keys(changes).length > 0) {
    await recordAudit(tx, {
      merchantId: opts.merchantId,
      livemode: null,
      actor: opts.actor,
      action: "settings.updated",
      targetType: "merchant",
      targetId: opts.merchantId,
      data: changes,
    });
  }
  return after;
}
