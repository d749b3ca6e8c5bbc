import "server-only";
import { getAddress, type Address } from "viem";
import { hdKeyToAccount } from "viem/accounts";
import { masterRoot } from "./master-seed";

/**
 * The deposit address at m/44'/60'/{merchant account}'/{0 test | 1 live}/{index}.
 * Accounts are hardened per merchant so that one merchant's keys say nothing of another's.
 */
export function deriveDepositAddress(opts: { hdAccountIndex: number; livemode: boolean; index: number }): {
  address: Address;
  path: string;
} {
  const changeIndex = opts.livemode ? 1 : 0;
  const account = hdKeyToAccount(masterRoot().root, {
    accountIndex: opts.hdAccountIndex,
    changeIndex,
    addressIndex: opts.index,
  });
  return {
    address: getAddress(account.address),
    path: `m/44'/60'/${opts.hdAccountIndex}'/${changeIndex}/${opts.index}`,
  };
}
