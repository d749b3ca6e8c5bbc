import "server-only";
import { bytesToHex, type Address, type LocalAccount } from "viem";
import { privateKeyToAccount, type HDKey } from "viem/accounts";
import { masterRoot } from "./master-seed";

export { depositKeyPath } from "./deposit-key-path";

/**
 * The reserved hardened BIP-44 account of the platform's own wallets. Merchant accounts are handed out
 * from 0 upwards and never reach it (see hd-account-pool.ts), so no merchant can hold these keys.
 */
export const PLATFORM_HD_ACCOUNT = 2147483646;

/** A platform wallet: `gas` pays for sweeps, `hot` holds what payouts need. */
export type PlatformRole = "gas" | "hot";

/**
 * The HD path of a platform wallet: m/44'/60'/2147483646'/{0 gas | 1 hot}/{0 test | 1 live}.
 * The same address on every network: nonces are per chain, and lanes are per (network, address).
 */
export function platformKeyPath(role: PlatformRole, livemode: boolean): string {
  if (role !== "gas" && role !== "hot") throw new Error(`unknown platform role: ${String(role)}`);
  return `m/44'/60'/${PLATFORM_HD_ACCOUNT}'/${role === "gas" ? 0 : 1}/${livemode ? 1 : 0}`;
}

// A customer's deposit key sits one level deeper, under the customer branch 2147483647 (derive-customer-address.ts).
const HD_PATH = /^m\/44'\/60'\/(\d{1,10})'\/([01])\/(\d{1,10})(?:\/(\d{1,10}))?$/;

// Chain nodes m/44'/60'/{account}'/{change} per root: three hardened steps each, derived once per process, so
// that signing for many deposit addresses of one merchant costs one child derivation each. Keyed by the
// root too, so a changed seed (tests) never serves a node of the old one.
const chainNodes = new WeakMap<HDKey, Map<string, HDKey>>();

function chainNode(root: HDKey, account: number, change: number): HDKey {
  let nodes = chainNodes.get(root);
  if (!nodes) chainNodes.set(root, (nodes = new Map()));
  const key = `${account}/${change}`;
  let node = nodes.get(key);
  if (!node) nodes.set(key, (node = root.derive(`m/44'/60'/${account}'/${change}`)));
  return node;
}

/**
 * The signing account of an HD path of the master seed: a platform wallet (`platformKeyPath`) or a
 * deposit address (`depositKeyPath`, the `path` that `deriveDepositAddress` returns). Needs
 * PAYRAIL_MASTER_SEED, so worker only: the web process has no seed. Only paths of the form
 * m/44'/60'/{account}'/{0|1}/{index} and customers' m/44'/60'/{account}'/{0|1}/2147483647/{index} are accepted,
 * the only ones Payrail ever hands out.
 */
export function signerForPath(path: string): LocalAccount {
  const m = HD_PATH.exec(path);
  if (!m) throw new Error(`not a Payrail HD path: ${path}`);
  const node = chainNode(masterRoot().root, Number(m[1]), Number(m[2])).deriveChild(Number(m[3]));
  if (m[4] !== undefined && Number(m[3]) !== 2147483647) throw new Error(`not a Payrail HD path: ${path}`);
  const child = m[4] === undefined ? node : node.deriveChild(Number(m[4]));
  if (!child.privateKey) throw new Error("the master root has no private key");
  return privateKeyToAccount(bytesToHex(child.privateKey));
}

/** The address of a platform wallet in this mode (needs the seed: worker only). */
export function platformAddress(role: PlatformRole, livemode: boolean): Address {
  return signerForPath(platformKeyPath(role, livemode)).address;
}
