import "server-only";
import { createHmac } from "node:crypto";
import { secp256k1 } from "@noble/curves/secp256k1";
import { bytesToHex, type Address } from "viem";
import { HDKey, publicKeyToAddress } from "viem/accounts";
import { depositKeyPath } from "./deposit-key-path";

// The parsed chain node m/44'/60'/{account}'/{change} per (merchant account, mode), kept per process:
// parsing an extended key validates its point, which is worth doing once and not for every address.
// Kept with the xpub it came from, so a different xpub for the same account (another seed: tests) is parsed again.
interface ChainNode {
  xpub: string;
  /** The node's public key as a curve point, and compressed: what each child derivation starts from. */
  point: typeof secp256k1.ProjectivePoint.BASE;
  publicKey: Uint8Array;
  chainCode: Uint8Array;
}
const chainNodes = new Map<string, ChainNode>();

function chainNode(hdAccountIndex: number, changeIndex: number, xpub: string | undefined): ChainNode {
  const key = `${hdAccountIndex}/${changeIndex}`;
  const cached = chainNodes.get(key);
  if (cached && (xpub === undefined || cached.xpub === xpub)) return cached;
  if (xpub === undefined) {
    throw new Error(`no extended public key given for HD account ${hdAccountIndex}/${changeIndex} and none cached`);
  }
  const node = HDKey.fromExtendedKey(xpub);
  // A chain node sits at depth 4 (m/44'/60'/{account}'/{change}); anything else would give other addresses.
  if (node.depth !== 4 || node.index !== changeIndex) {
    throw new Error(`the extended key of HD account ${hdAccountIndex} is not its chain node ${changeIndex}`);
  }
  const parsed = {
    xpub,
    point: secp256k1.ProjectivePoint.fromHex(node.publicKey!),
    publicKey: node.publicKey!,
    chainCode: node.chainCode!,
  };
  chainNodes.set(key, parsed);
  return parsed;
}

/**
 * BIP-32's public child derivation (CKDpub) of a non-hardened index, to the uncompressed public key: what
 * `HDKey.deriveChild` computes, without re-parsing the parent point and the child's compressed key for every
 * address (one base-point multiplication and one addition, where the seed's derivation took two multiplications).
 */
function childPublicKey(parent: ChainNode, index: number): Uint8Array {
  // 2^31-1 is the customer branch's node (derive-customer-address.ts): never an invoice's address.
  if (!Number.isInteger(index) || index < 0 || index >= 0x7fffffff) throw new Error(`not a deposit index: ${index}`);
  const data = Buffer.alloc(37);
  data.set(parent.publicKey, 0);
  data.writeUInt32BE(index, 33);
  const i = createHmac("sha512", parent.chainCode).update(data).digest();
  const tweak = BigInt(`0x${i.subarray(0, 32).toString("hex")}`);
  // Probability below 2^-127; BIP-32 says to use the next index, which would change the path: refuse instead.
  if (tweak === 0n || tweak >= secp256k1.CURVE.n) throw new Error(`deposit index ${index} has no valid key`);
  const child = parent.point.add(secp256k1.ProjectivePoint.BASE.multiply(tweak));
  if (child.equals(secp256k1.ProjectivePoint.ZERO)) throw new Error(`deposit index ${index} has no valid key`);
  return child.toRawBytes(false);
}

/**
 * The deposit address at m/44'/60'/{merchant account}'/{0 test | 1 live}/{index}, from the extended public
 * key of the account's chain node (`hd_accounts.xpub_test` / `xpub_live`, see hd-account-pool.ts): no private
 * key, so the web process runs without the master seed. Accounts are hardened per merchant so that one
 * merchant's keys say nothing of another's; `index` is not hardened, which is what lets a public key derive it.
 * One child derivation per call: the parsed chain node is cached per process, and `xpub` may be left out
 * once this process has seen it for that account and mode. `path` is the key's HD path, for the signer
 * (`signerForPath`, worker only).
 */
export function deriveDepositAddress(opts: {
  hdAccountIndex: number;
  livemode: boolean;
  index: number;
  xpub?: string;
}): {
  address: Address;
  path: string;
} {
  const changeIndex = opts.livemode ? 1 : 0;
  const publicKey = childPublicKey(chainNode(opts.hdAccountIndex, changeIndex, opts.xpub), opts.index);
  return {
    address: publicKeyToAddress(bytesToHex(publicKey)),
    path: depositKeyPath(opts),
  };
}
