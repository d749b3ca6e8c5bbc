import { getAddress } from "viem";
import { recordAudit } from "../audit/record-audit";
import type { Tx } from "../db";
import { AppError } from "../errors";
import { newId } from "../ids";
import { payoutAddress } from "../payouts/payout-asset";
import { verifySecondFactor } from "../totp/verify-second-factor";
import { LIVE_ACTIVATION_DELAY_MS } from "../withdrawals/create-auto-withdrawal";
import { notifyOwnersAndAdmins } from "../withdrawals/notify-owners-and-admins";
import { allowlistSlot, viewAllowlistEntry, type AllowlistEntryView } from "./allowlist";

/**
 * Put an address on the merchant's payout allowlist in a mode, with a label. Test mode: usable at once. Live mode: the
 * actor confirms with their code (verifySecondFactor; run it through withSecondFactor), the address becomes usable 24
 * hours later (LIVE_ACTIVATION_DELAY_MS, as a new auto-withdrawal address), and every owner and admin is told (a
 * notification each) so that any of them can remove it meanwhile. Audited. Errors, nothing stored: 422
 * `parameter_invalid` (`address`: not an address, bad checksum, zero; `label`: empty or over 100 characters), 422
 * `parameter_missing` (`code` in live mode), 409 `conflict` (the address is on the list already).
 */
export async function addAllowlistEntry(
  tx: Tx,
  opts: {
    merchantId: string;
    livemode: boolean;
    actor: string;
    address: string;
    label: string;
    code?: string;
    now: Date;
  },
): Promise<AllowlistEntryView> {
  const address = payoutAddress(opts.address.trim(), "address");
  const label = opts.label.trim();
  if (label.length === 0 || label.length > 100) {
    throw new AppError("parameter_invalid", "Invalid label: 1 to 100 characters.", { param: "label" });
  }
  if (opts.livemode) {
    if (!opts.code)
      throw new AppError("parameter_missing", "Missing code: your authenticator's code.", { param: "code" });
    await verifySecondFactor(tx, { userId: opts.actor, code: opts.code, now: opts.now });
  }
  const slot = allowlistSlot({ ...opts, address });
  if (await tx.payoutAllowlistEntry.findUnique({ where: { currentSlot: slot }, select: { id: true } })) {
    throw new AppError("conflict", `${getAddress(address)} is on the allowlist already.`, { param: "address" });
  }
  const activeAt = opts.livemode ? new Date(opts.now.getTime() + LIVE_ACTIVATION_DELAY_MS) : opts.now;
  const row = await tx.payoutAllowlistEntry.create({
    data: {
      id: newId("pal"),
      merchantId: opts.merchantId,
      livemode: opts.livemode,
      address,
      label,
      activeAt,
      currentSlot: slot,
      createdBy: opts.actor,
      createdAt: opts.now,
    },
  });
  const data = { address: getAddress(address), label, active_at: activeAt.toISOString() };
  await recordAudit(tx, {
    merchantId: opts.merchantId,
    livemode: opts.livemode,
    actor: opts.actor,
    action: "payout_allowlist.added",
    targetType: "payout_allowlist_entry",
    targetId: row.id,
    data,
  });
  if (opts.livemode) {
    await notifyOwnersAndAdmins(tx, {
      merchantId: opts.merchantId,
      kind: "payout_allowlist.address_added",
      message:
        `New payout allowlist address ${getAddress(address)} ("${label}"): payouts to it may be approved automatically ` +
        `from ${activeAt.toISOString()}. If you did not expect this, remove it before then.`,
      data: { payout_allowlist_entry: row.id, ...data },
      now: opts.now,
    });
  }
  return viewAllowlistEntry(row, opts.now);
}
