import "server-only";
import { bytesToHex, getAddress, type Address } from "viem";
import { privateKeyToAddress, type HDKey } from "viem/accounts";
import { masterRoot } from "./master-seed";

// The chain node m/44'/60'/{account}'/{change} of each (merchant account, mode), derived once per
// process: deriving it takes four derivations from the root, three of them hardened, for every address.
// Keyed by the root too, so a changed seed (tests) never serves a node of the old one.
const chainNodes = new WeakMap<HDKey, Map<string, HDKey>>();

function chainNode(root: HDKey, hdAccountIndex: number, changeIndex: number): HDKey {
  let nodes = chainNodes.get(root);
  if (!nodes) {
    nodes = new Map();
    chainNodes.set(root, nodes);
  }
  const key = `${hdAccountIndex}/${changeIndex}`;
  let node = nodes.get(key);
  if (!node) {
    node = root.derive(`m/44'/60'/${hdAccountIndex}'/${changeIndex}`);
    nodes.set(key, node);
  }
  return node;
}

/**
 * The deposit address at m/44'/60'/{merchant account}'/{0 test | 1 live}/{index}.
 * Accounts are hardened per merchant so that one merchant's keys say nothing of another's.
 * One child derivation per call: the chain node above the index is cached per process.
 */
export function deriveDepositAddress(opts: { hdAccountIndex: number; livemode: boolean; index: number }): {
  address: Address;
  path: string;
} {
  const changeIndex = opts.livemode ? 1 : 0;
  const child = chainNode(masterRoot().root, opts.hdAccountIndex, changeIndex).deriveChild(opts.index);
  if (!child.privateKey) throw new Error("the master root has no private key");
  return {
    address: getAddress(privateKeyToAddress(bytesToHex(child.privateKey))),
    path: `m/44'/60'/${opts.hdAccountIndex}'/${changeIndex}/${opts.index}`,
  };
}
