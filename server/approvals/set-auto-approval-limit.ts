import { recordAudit } from "../audit/record-audit";
import type { Tx } from "../db";
import { AppError } from "../errors";
import { formatDecimal, parseDecimal, toBigInt, toDbDecimal } from "../money";
import { resolvePayoutAsset } from "../payouts/payout-asset";
import { verifySecondFactor } from "../totp/verify-second-factor";
import { notifyOwnersAndAdmins } from "../withdrawals/notify-owners-and-admins";

/**
 * Set the merchant's live-mode auto-approval limit of a network and asset: the largest payout (a decimal string in the
 * asset's unit; "0" turns auto-approval off) approved at creation when it goes to a usable allow-listed address. The
 * actor confirms with their code (verifySecondFactor; run it through withSecondFactor); every owner and admin is told
 * and the change is audited (from, to). Errors, nothing stored: 409 `conflict` (test mode, where payouts are approved
 * at once anyway), 422 `unsupported_network` / `unsupported_asset` (not enabled in live mode), `parameter_invalid`
 * (`amount`: not a non-negative decimal with at most the asset's places), `parameter_missing` (`code`).
 */
export async function setAutoApprovalLimit(
  tx: Tx,
  opts: {
    merchantId: string;
    livemode: boolean;
    actor: string;
    network: string;
    asset: string;
    amount: string;
    code?: string;
    now: Date;
  },
): Promise<{ network: string; asset: string; amount: bigint; decimals: number }> {
  if (!opts.livemode) {
    throw new AppError("conflict", "Test-mode payouts are approved at once: the limit applies to live mode only.");
  }
  const { network, asset } = resolvePayoutAsset({ livemode: true, network: opts.network, asset: opts.asset });
  const amount = parseDecimal(opts.amount.trim(), asset.decimals);
  if (amount === null || amount < 0n) {
    throw new AppError("parameter_invalid", `Invalid amount: ${asset.symbol} has ${asset.decimals} decimal places.`, {
      param: "amount",
    });
  }
  if (!opts.code)
    throw new AppError("parameter_missing", "Missing code: your authenticator's code.", { param: "code" });
  await verifySecondFactor(tx, { userId: opts.actor, code: opts.code, now: opts.now });
  const key = { merchantId: opts.merchantId, livemode: true, networkId: network.id, asset: asset.symbol };
  const current = await tx.payoutAutoApprovalLimit.findUnique({
    where: { merchantId_livemode_networkId_asset: key },
    select: { amount: true },
  });
  const from = current ? toBigInt(current.amount) : 0n;
  if (amount === 0n) {
    await tx.payoutAutoApprovalLimit.deleteMany({ where: key });
  } else {
    await tx.payoutAutoApprovalLimit.upsert({
      where: { merchantId_livemode_networkId_asset: key },
      create: { ...key, amount: toDbDecimal(amount), updatedBy: opts.actor, createdAt: opts.now, updatedAt: opts.now },
      update: { amount: toDbDecimal(amount), updatedBy: opts.actor, updatedAt: opts.now },
    });
  }
  const shown = (v: bigint) => formatDecimal(v, asset.decimals);
  const data = { network: network.id, asset: asset.symbol, from: shown(from), to: shown(amount) };
  await recordAudit(tx, {
    merchantId: opts.merchantId,
    livemode: true,
    actor: opts.actor,
    action: "payout_auto_approval_limit.updated",
    targetType: "payout_auto_approval_limit",
    targetId: `${network.id}/${asset.symbol}`,
    data,
  });
  if (amount !== from) {
    await notifyOwnersAndAdmins(tx, {
      merchantId: opts.merchantId,
      kind: "payout_auto_approval_limit.updated",
      message:
        amount === 0n
          ? `Auto-approval of ${asset.symbol} payouts on ${network.name} is off: every payout waits for approval.`
          : `Live ${asset.symbol} payouts on ${network.name} of at most ${shown(amount)} ${asset.symbol} to usable ` +
            `allow-listed addresses are now approved automatically (was ${shown(from)}).`,
      data,
      now: opts.now,
    });
  }
  return { network: network.id, asset: asset.symbol, amount, decimals: asset.decimals };
}
