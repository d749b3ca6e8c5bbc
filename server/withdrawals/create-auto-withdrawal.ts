import { getAddress, isAddress, zeroAddress } from "viem";
import { recordAudit } from "../audit/record-audit";
import { enabledNetworks } from "../chains/networks";
import type { Tx } from "../db";
import { AppError } from "../errors";
import { newId } from "../ids";
import { formatDecimal, parseDecimal, toDbDecimal } from "../money";
import { notifyOwnersAndAdmins } from "./notify-owners-and-admins";
import { autoWithdrawalSelect, serializeAutoWithdrawal } from "./serialize-auto-withdrawal";
import { sweepMinimum } from "../sweeps/sweep-minimum";
import type { AutoWithdrawalResponse, CreateAutoWithdrawalRequest } from "./withdrawal.schema";

/** How long a new address waits in live mode before anything is sent to it. */
export const LIVE_ACTIVATION_DELAY_MS = 24 * 60 * 60 * 1000;

/** The key of the one current rule of a merchant's (mode, network, asset). */
export function ruleSlot(opts: { merchantId: string; livemode: boolean; networkId: string; asset: string }): string {
  return `${opts.merchantId}/${opts.livemode ? "live" : "test"}/${opts.networkId}/${opts.asset}`;
}

function amountOrThrow(value: string, decimals: number, asset: string, param: string): bigint {
  const units = parseDecimal(value, decimals);
  if (units === null) {
    throw new AppError("parameter_invalid", `Invalid ${param}: ${asset} has ${decimals} decimal places.`, { param });
  }
  return units;
}

/**
 * Create the merchant's auto-withdrawal rule for a (network, asset) in this mode, replacing (disabling) the current
 * one. In test mode it is active at once. In live mode a new address becomes active 24 hours later and every owner
 * and admin is told (a notification each, an audit row); a replacement that keeps the same address keeps its
 * activation time. Bad input is a 422 naming `param` with nothing stored: a network not enabled in this mode
 * (`unsupported_network`), an asset it does not have (`unsupported_asset`), an invalid or zero address, a threshold
 * below the network's economic minimum, or a `keep` leaving less than the minimum to withdraw.
 */
export async function createAutoWithdrawal(
  tx: Tx,
  opts: { merchantId: string; livemode: boolean; actor: string; request: CreateAutoWithdrawalRequest; now?: Date },
): Promise<AutoWithdrawalResponse> {
  const now = opts.now ?? new Date();
  const req = opts.request;
  const mode = opts.livemode ? "live" : "test";
  const network = enabledNetworks({ livemode: opts.livemode }).find((n) => n.id === req.network);
  if (!network) {
    throw new AppError("unsupported_network", `Network "${req.network}" is not enabled for ${mode} mode.`, {
      param: "network",
    });
  }
  const asset = network.assets.find((a) => a.symbol === req.asset.toUpperCase());
  if (!asset) {
    throw new AppError("unsupported_asset", `Network "${network.id}" has no asset "${req.asset}".`, { param: "asset" });
  }
  if (!isAddress(req.address, { strict: true })) {
    throw new AppError("parameter_invalid", "Invalid address: the mixed-case checksum does not match.", {
      param: "address",
    });
  }
  if (req.address.toLowerCase() === zeroAddress) {
    throw new AppError("parameter_invalid", "Invalid address: the zero address burns what it receives.", {
      param: "address",
    });
  }
  const threshold = amountOrThrow(req.threshold, asset.decimals, asset.symbol, "threshold");
  const keep = amountOrThrow(req.keep ?? "0", asset.decimals, asset.symbol, "keep");
  const minimum = sweepMinimum(network.id, asset.symbol) ?? 1n;
  const shown = (v: bigint) => `${formatDecimal(v, asset.decimals, 2)} ${asset.symbol}`;
  if (threshold < minimum) {
    throw new AppError(
      "parameter_invalid",
      `Invalid threshold: below ${shown(minimum)}, the smallest withdrawal worth its gas on ${network.name}.`,
      { param: "threshold" },
    );
  }
  if (threshold - keep < minimum) {
    throw new AppError(
      "parameter_invalid",
      `Invalid keep: a withdrawal at the threshold would send less than ${shown(minimum)}, the smallest worth its gas on ${network.name}.`,
      { param: "keep" },
    );
  }

  const address = req.address.toLowerCase();
  const slot = ruleSlot({
    merchantId: opts.merchantId,
    livemode: opts.livemode,
    networkId: network.id,
    asset: asset.symbol,
  });
  // Two requests for the same pair at once: the second waits here and replaces the first's rule.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`auto_withdrawal:${slot}`}, 0))`;
  const current = await tx.autoWithdrawal.findUnique({
    where: { currentSlot: slot },
    select: { id: true, address: true, status: true, activeAt: true },
  });
  if (current) {
    await tx.autoWithdrawal.update({
      where: { id: current.id },
      data: { status: "disabled", currentSlot: null, disabledAt: now },
    });
  }
  // Only a new address waits: changing the threshold of an address already trusted does not restart the clock.
  const sameAddress = current !== null && current.address === address;
  const activeAt = !opts.livemode
    ? now
    : sameAddress
      ? current.activeAt
      : new Date(now.getTime() + LIVE_ACTIVATION_DELAY_MS);
  const id = newId("aw");
  const row = await tx.autoWithdrawal.create({
    data: {
      id,
      merchantId: opts.merchantId,
      livemode: opts.livemode,
      networkId: network.id,
      asset: asset.symbol,
      address,
      threshold: toDbDecimal(threshold),
      keep: toDbDecimal(keep),
      status: activeAt <= now ? "active" : "pending_activation",
      activeAt,
      currentSlot: slot,
      createdBy: opts.actor,
      createdAt: now,
    },
    select: autoWithdrawalSelect,
  });
  const data = {
    network: network.id,
    asset: asset.symbol,
    address: getAddress(address),
    threshold: req.threshold,
    keep: req.keep ?? "0",
    active_at: activeAt.toISOString(),
    replaced: current?.id ?? null,
  };
  await recordAudit(tx, {
    merchantId: opts.merchantId,
    livemode: opts.livemode,
    actor: opts.actor,
    action: "auto_withdrawal.created",
    targetType: "auto_withdrawal",
    targetId: id,
    data,
  });
  if (opts.livemode && !sameAddress) {
    await notifyOwnersAndAdmins(tx, {
      merchantId: opts.merchantId,
      kind: "auto_withdrawal.address_added",
      message:
        `New auto-withdrawal address ${getAddress(address)} for ${asset.symbol} on ${network.name}: ` +
        `withdrawals to it start at ${activeAt.toISOString()}. If you did not expect this, delete the rule before then.`,
      data: { auto_withdrawal: id, ...data },
      now,
    });
  }
  return serializeAutoWithdrawal(row, now);
}
