import { createTestClient, http, keccak256, parseEther, toHex, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { isDevnetId } from "../chains/catalog";
import { publicClientFor } from "../chains/client";
import type { Network } from "../chains/networks";
import { logger } from "../logger";
import { platformAddress } from "../wallets/platform-keys";
import { checkEip7702 } from "./check-eip7702";
import { ensureSweeper } from "./ensure-sweeper";

/** Pays for the sweeper's deployment on devnets (public on purpose: devnets only; funded with anvil_setBalance). */
const DEVNET_SWEEPER_PAYER_KEY: Hex = keccak256(toHex("payrail devnet sweeper deployer"));

// Networks flagged eip7702 in the catalog whose node did not execute a delegation at this process's start.
const unavailable = new Set<string>();

/** Whether sweeps on this network use EIP-7702: the catalog says so and the start-up check did not refute it. */
export function usesEip7702(network: Pick<Network, "id" | "eip7702">): boolean {
  return network.eip7702 && !unavailable.has(network.id);
}

/**
 * Sweep this network with the fallback (fund, then transfer; native ETH by the deposit key) until the next start, as
 * if its node had failed the EIP-7702 check: what the tests of the fallback use on a devnet that has 7702.
 */
export function forceSweepFallback(networkId: string): void {
  unavailable.add(networkId);
}

/**
 * Worker start: per network the catalog flags `eip7702`, check that its node executes a delegation (anvil must run
 * with --hardfork prague or later); a network that fails is logged as an error and swept with the fallback (fund
 * each address, then transfer) until the next start. On devnets, also deploy the test-mode gas wallet's sweeper.
 * Never throws: a network that cannot be checked is logged and left to the fallback.
 */
export async function prepareSweeps(networks: readonly Network[]): Promise<void> {
  for (const network of networks) {
    if (!network.eip7702) continue;
    const client = publicClientFor(network);
    const check = await checkEip7702(client);
    if (!check.available) {
      unavailable.add(network.id);
      logger().error(
        { network: network.id, reason: check.reason },
        "EIP-7702 unavailable on this node although the catalog flags it: sweeps fall back to fund-then-transfer",
      );
      continue;
    }
    unavailable.delete(network.id);
    if (!isDevnetId(network.id) || network.livemode) continue;
    try {
      const payer = privateKeyToAccount(DEVNET_SWEEPER_PAYER_KEY);
      await createTestClient({ mode: "anvil", transport: http(network.rpcUrl) }).setBalance({
        address: payer.address,
        value: parseEther("1"),
      });
      const { address, deployed } = await ensureSweeper(client, {
        rpcUrl: network.rpcUrl,
        operator: platformAddress("gas", false),
        payer,
      });
      if (deployed) logger().info({ network: network.id, sweeper: address }, "sweeper deployed");
    } catch (error) {
      logger().error({ network: network.id, err: error }, "could not deploy the devnet sweeper");
    }
  }
}
