import { getAddress, isAddress, zeroAddress, type Address } from "viem";
import type { AssetSpec } from "../chains/catalog";
import { enabledNetworks, type Network } from "../chains/networks";
import { AppError } from "../errors";
import { parseDecimal } from "../money";

/** The network and asset a payout goes out on, checked against the networks enabled for the key's mode. */
export interface PayoutAsset {
  network: Network;
  asset: AssetSpec;
}

/**
 * The enabled network of this mode and its asset (case-insensitive symbol). Errors: 422
 * `unsupported_network` (param `network`), 422 `unsupported_asset` (param `asset`).
 */
export function resolvePayoutAsset(opts: { livemode: boolean; network: string; asset: string }): PayoutAsset {
  const network = enabledNetworks({ livemode: opts.livemode }).find((n) => n.id === opts.network);
  if (!network) {
    throw new AppError(
      "unsupported_network",
      `Network "${opts.network}" is not enabled in ${opts.livemode ? "live" : "test"} mode.`,
      { param: "network" },
    );
  }
  const symbol = opts.asset.toUpperCase();
  const asset = network.assets.find((a) => a.symbol === symbol);
  if (!asset) {
    throw new AppError("unsupported_asset", `Asset "${opts.asset}" is not on "${network.id}".`, { param: "asset" });
  }
  return { network, asset };
}

/**
 * A decimal amount of the asset in base units: positive and with no more places than the asset has
 * (else 422 `parameter_invalid` on `param`).
 */
export function payoutAmount(value: string, asset: AssetSpec, param: string): bigint {
  const units = parseDecimal(value, asset.decimals);
  if (units === null) {
    throw new AppError("parameter_invalid", `Invalid ${param}: ${asset.symbol} has ${asset.decimals} decimal places.`, {
      param,
    });
  }
  if (units <= 0n) throw new AppError("parameter_invalid", `Invalid ${param}: must be more than zero.`, { param });
  return units;
}

/** A destination address, lowercase; the zero address (funds burnt) is a 422 `parameter_invalid` on `param`. */
export function payoutAddress(value: string, param: string): Address {
  if (!isAddress(value, { strict: false })) {
    throw new AppError("parameter_invalid", `Invalid ${param}: not an EVM address.`, { param });
  }
  // A mixed-case address must carry a valid EIP-55 checksum: a typo in one must not send money astray.
  if (value !== value.toLowerCase() && value.slice(2) !== value.slice(2).toUpperCase() && getAddress(value) !== value) {
    throw new AppError("parameter_invalid", `Invalid ${param}: the EIP-55 checksum does not match.`, { param });
  }
  const lower = value.toLowerCase() as Address;
  if (lower === zeroAddress) throw new AppError("parameter_invalid", `Invalid ${param}: the zero address.`, { param });
  return lower;
}
