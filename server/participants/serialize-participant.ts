import { getAddress } from "viem";
import { NETWORK_CATALOG } from "../chains/catalog";
import type { Participant } from "../generated/prisma/client";
import { formatDecimal } from "../money";
import type { ParticipantBalance } from "./participant-balances";
import type { ParticipantResponse } from "./participant.schema";

/** The decimals of an asset on a network, from the catalog (18 for one the catalog no longer lists). */
function decimalsOf(networkId: string, asset: string): number {
  const network = NETWORK_CATALOG.find((n) => n.id === networkId);
  return [network?.nativeAsset, ...(network?.tokens ?? [])].find((a) => a?.symbol === asset)?.decimals ?? 18;
}

/** The public `participant` object of a row and its balances. */
export function serializeParticipant(p: Participant, balances: ParticipantBalance[]): ParticipantResponse {
  return {
    id: p.id,
    object: "participant",
    livemode: p.livemode,
    reference: p.reference,
    name: p.name,
    address: getAddress(p.address),
    balances: balances.map((b) => {
      const decimals = b.decimals ?? decimalsOf(b.networkId, b.asset);
      return {
        network: b.networkId,
        asset: b.asset,
        available: formatDecimal(b.available, decimals, Math.min(2, decimals)),
        available_base_units: b.available.toString(),
      };
    }),
    created_at: p.createdAt.toISOString(),
  };
}
