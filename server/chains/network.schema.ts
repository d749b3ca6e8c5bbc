import { z } from "zod";
import type { listNetworks } from "./list-networks";

/**
 * A network as `GET /api/v1/networks` lists it. listNetworks (./list-networks.ts) builds it as a plain
 * TypeScript shape; the checks below fail `tsc` when the two drift apart, so the documentation follows the code.
 */
export const networkResponse = z.object({
  id: z.string().meta({ description: 'The network\'s id, as payment options name it (such as "base" or "ethereum").' }),
  object: z.literal("network"),
  chain_id: z.number().int().meta({ description: "The EVM chain id." }),
  name: z.string().meta({ description: "The network's display name." }),
  confirmations: z
    .number()
    .int()
    .meta({ description: "Blocks a payment needs on top of it before it counts as confirmed." }),
  assets: z
    .array(
      z.object({
        symbol: z.string(),
        decimals: z.number().int().meta({ description: "Decimal places of the asset's base unit." }),
        token_address: z.string().nullable().meta({ description: "The ERC-20 contract; null for the native coin." }),
      }),
    )
    .meta({ description: "The assets customers can pay with on this network." }),
});
export type NetworkResponse = z.infer<typeof networkResponse>;

type Network = ReturnType<typeof listNetworks>[number];
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
const _networkKeysMatch: SameKeys<Network, NetworkResponse> = true;
const _networkAssetKeysMatch: SameKeys<Network["assets"][number], NetworkResponse["assets"][number]> = true;
const _networkAssignable: NetworkResponse = {} as Network;
void [_networkKeysMatch, _networkAssetKeysMatch, _networkAssignable];
