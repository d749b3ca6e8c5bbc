import "server-only";
import { secp256k1 } from "@noble/curves/secp256k1";
import { bytesToHex, type Address } from "viem";
import { HDKey, publicKeyToAddress } from "viem/accounts";

/**
 * The customer branch: child 2147483647 (the highest non-hardened index) of a merchant account's chain node
 * m/44'/60'/{account}'/{0 test | 1 live}. Invoice deposit addresses are the chain node's children 0, 1, 2...
 * (deriveDepositAddress refuses this index), so a customer address, one level deeper, is never an invoice address;
 * and the branch hangs under the same xpub, so the web process derives customer addresses without the seed.
 */
export const CUSTOMER_BRANCH = 2147483647;

/** The HD path of a customer's deposit key: m/44'/60'/{account}'/{0 test | 1 live}/2147483647/{index}. */
export function customerKeyPath(opts: { hdAccountIndex: number; livemode: boolean; index: number }): string {
  return `m/44'/60'/${opts.hdAccountIndex}'/${opts.livemode ? 1 : 0}/${CUSTOMER_BRANCH}/${opts.index}`;
}

// Parsed branch nodes per (account xpub): one extended-key parse and one derivation per merchant and mode.
const branches = new Map<string, HDKey>();

/**
 * The permanent deposit address of a merchant's customer, from the extended public key of the account's chain node in
 * the mode (`hd_accounts.xpub_test` / `xpub_live`): no private key. `index` is the customer's `deposit_index`
 * (0, 1, 2... per merchant and mode, never reused). Throws on an index outside 0..2^31-1.
 */
export function deriveCustomerAddress(opts: {
  hdAccountIndex: number;
  livemode: boolean;
  index: number;
  xpub: string;
}): {
  address: Address;
  path: string;
} {
  if (!Number.isInteger(opts.index) || opts.index < 0 || opts.index >= 0x80000000)
    throw new Error(`not a customer index: ${opts.index}`);
  let branch = branches.get(opts.xpub);
  if (!branch) {
    const chain = HDKey.fromExtendedKey(opts.xpub);
    if (chain.depth !== 4 || chain.index !== (opts.livemode ? 1 : 0))
      throw new Error(`the extended key of HD account ${opts.hdAccountIndex} is not its chain node`);
    branch = chain.deriveChild(CUSTOMER_BRANCH);
    branches.set(opts.xpub, branch);
  }
  const child = branch.deriveChild(opts.index);
  // HDKey holds the compressed key; an address is the hash of the uncompressed one.
  const publicKey = secp256k1.ProjectivePoint.fromHex(child.publicKey!).toRawBytes(false);
  return { address: publicKeyToAddress(bytesToHex(publicKey)), path: customerKeyPath(opts) };
}
