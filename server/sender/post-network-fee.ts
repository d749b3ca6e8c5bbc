import type { Hex } from "viem";
import type { Tx } from "../db";
import { operatorAccount, type AccountSpec } from "../ledger/chart-of-accounts";
import { ensureAccounts } from "../ledger/ensure-accounts";
import { recordTransfer } from "../ledger/record-transfer";
import { platformKeyPath } from "../wallets/platform-keys";

/**
 * Post the network fee of a mined transaction (gasUsed × effectiveGasPrice, in the native asset's base
 * units): debit `operator:network_fees`, credit the wallet that paid it. The platform gas wallet credits
 * `operator:gas_wallet`, the hot wallet `operator:hot_wallet_gas`; any other sender (a deposit key) credits
 * the account its purpose's handler names (`feeAccount`), or the whole posting its handler gives (`feePosting`:
 * expense, payer and source id, e.g. a deposit key's gas kept within the merchant's accounts). Keyed `network_fee:{otx id}`: posting twice inserts
 * nothing. Returns false when no account pays for this sender (nothing posted).
 */
export async function postNetworkFee(
  tx: Tx,
  opts: {
    outgoingTransactionId: string;
    purpose: string;
    sourceId: string;
    keyPath: string;
    livemode: boolean;
    networkId: string;
    nativeAsset: { symbol: string; decimals: number };
    fee: bigint;
    txHash: Hex;
    blockNumber: bigint;
    blockHash: Hex;
    paidBy?: AccountSpec;
    /** A posting of its own for a non-platform sender (TransactionHandlers.feePosting): overrides `paidBy`. */
    posting?: { expense: AccountSpec; paidBy: AccountSpec; sourceId: string };
    at: Date;
  },
): Promise<boolean> {
  if (opts.fee === 0n) return true;
  const scope = { livemode: opts.livemode, networkId: opts.networkId, asset: opts.nativeAsset.symbol };
  const platformPayer =
    opts.keyPath === platformKeyPath("gas", opts.livemode)
      ? operatorAccount("gas_wallet", scope)
      : opts.keyPath === platformKeyPath("hot", opts.livemode)
        ? operatorAccount("hot_wallet_gas", scope)
        : null;
  const own = platformPayer === null ? opts.posting : undefined;
  const payer = platformPayer ?? own?.paidBy ?? opts.paidBy;
  if (!payer) return false;
  const fees = own?.expense ?? operatorAccount("network_fees", scope);
  await ensureAccounts(tx, [fees, payer]);
  await recordTransfer(tx, {
    key: `network_fee:${opts.outgoingTransactionId}`,
    type: "adjustment",
    status: "posted",
    debitAccountId: fees.id,
    creditAccountId: payer.id,
    amount: opts.fee,
    merchantId: payer.merchantId,
    livemode: opts.livemode,
    networkId: opts.networkId,
    asset: opts.nativeAsset.symbol,
    decimals: opts.nativeAsset.decimals,
    sourceId: own?.sourceId ?? opts.sourceId,
    txHash: opts.txHash,
    blockNumber: opts.blockNumber,
    blockHash: opts.blockHash,
    description: `Network fee of ${opts.purpose} transaction ${opts.outgoingTransactionId}`,
    at: opts.at,
  });
  return true;
}
