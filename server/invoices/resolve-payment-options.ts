import { enabledNetworks, type Network } from "../chains/networks";
import { AppError } from "../errors";
import type { CreateInvoiceRequest } from "./create-invoice.schema";

/** A way to pay an invoice: an asset on a network, before its amount is known. */
export interface ResolvedOption {
  networkId: string;
  chainId: number;
  asset: string;
  tokenAddress: string | null;
  decimals: number;
  /** The `payment_methods[i]` that asked for it, or null when it is one of the defaults. */
  param: string | null;
}

const modeName = (livemode: boolean) => (livemode ? "live" : "test");

function offeredBy(networks: Network[], symbol?: string): ResolvedOption[] {
  return networks.flatMap((n) =>
    n.assets
      .filter((a) => symbol === undefined || a.symbol === symbol)
      .map((a) => ({
        networkId: n.id,
        chainId: n.chainId,
        asset: a.symbol,
        tokenAddress: a.tokenAddress,
        decimals: a.decimals,
        param: null,
      })),
  );
}

/** The explicitly requested payment methods among `offering`, each enabled, offered and listed once. */
function chooseRequested(
  methods: NonNullable<CreateInvoiceRequest["payment_methods"]>,
  networks: Network[],
  offering: ResolvedOption[],
  opts: { livemode: boolean; refuse: (asset: string, network: string) => string; onePerNetwork: boolean },
): ResolvedOption[] {
  const chosen: ResolvedOption[] = [];
  for (const [i, m] of methods.entries()) {
    const param = `payment_methods[${i}]`;
    if (!networks.some((n) => n.id === m.network)) {
      throw new AppError(
        "unsupported_network",
        `Network "${m.network}" is not enabled for ${modeName(opts.livemode)} mode.`,
        { param: `${param}.network` },
      );
    }
    const option = offering.find((o) => o.networkId === m.network && o.asset === m.asset.toUpperCase());
    if (!option) throw new AppError("unsupported_asset", opts.refuse(m.asset, m.network), { param: `${param}.asset` });
    if (chosen.some((c) => c.networkId === option.networkId && (opts.onePerNetwork || c.asset === option.asset))) {
      throw new AppError("parameter_invalid", `Payment method "${m.network}"/"${m.asset}" is listed twice.`, { param });
    }
    chosen.push({ ...option, param });
  }
  return chosen;
}

/** The payment options of a crypto-denominated invoice: the requested ones, or every enabled network offering the asset. */
export function resolveCryptoOptions(req: CreateInvoiceRequest, livemode: boolean): ResolvedOption[] {
  const currency = req.currency.toUpperCase();
  const networks = enabledNetworks({ livemode });
  const offering = offeredBy(networks, currency);
  if (offering.length === 0) {
    throw new AppError("unsupported_asset", `No enabled ${modeName(livemode)} network accepts ${currency}.`, {
      param: "currency",
    });
  }
  if (!req.payment_methods) return offering;
  return chooseRequested(req.payment_methods, networks, offering, {
    livemode,
    onePerNetwork: true,
    refuse: (asset, network) =>
      `An invoice in ${currency} can be paid only in ${currency}; "${asset}" on "${network}" is not possible.`,
  });
}

/**
 * The candidate options of a fiat-priced invoice: the requested ones, or every asset of every
 * enabled network of the mode. Whether each can be priced is decided when it is quoted.
 */
export function resolveFiatCandidates(req: CreateInvoiceRequest, livemode: boolean): ResolvedOption[] {
  const networks = enabledNetworks({ livemode });
  const offering = offeredBy(networks);
  if (!req.payment_methods) return offering;
  return chooseRequested(req.payment_methods, networks, offering, {
    livemode,
    onePerNetwork: false,
    refuse: (asset, network) => `Network "${network}" has no asset "${asset}".`,
  });
}
