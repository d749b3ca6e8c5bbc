import { hexToBigInt, type Address, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

// A scratch contract (given by state override, so nothing needs deploying) whose code returns the word 1.
const PROBE_TARGET: Address = "0x00000000000000000000000000000000000007d2";
const RETURN_ONE = "0x600160005260206000f3";

/**
 * Whether the node at `client` executes EIP-7702 delegations: an eth_call from nowhere to a fresh random address
 * with an authorization (signed with the real chain id) delegating it to a scratch contract that returns 1. A node
 * without 7702 ignores or refuses the authorization list, and the call returns nothing. Nothing is sent or signed
 * with a Payrail key. Returns false (never throws) when the node refuses the call.
 */
export async function checkEip7702(client: PublicClient): Promise<{ available: boolean; reason?: string }> {
  try {
    const chainId = await client.getChainId();
    const probe = privateKeyToAccount(generatePrivateKey());
    const authorization = await probe.signAuthorization({ chainId, address: PROBE_TARGET, nonce: 0 });
    const { data } = await client.call({
      to: probe.address,
      authorizationList: [authorization],
      stateOverride: [{ address: PROBE_TARGET, code: RETURN_ONE }],
    });
    if (data !== undefined && data !== "0x" && hexToBigInt(data) === 1n) return { available: true };
    return { available: false, reason: `the delegated call returned ${data ?? "nothing"}` };
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message.split("\n")[0] : String(error) };
  }
}
