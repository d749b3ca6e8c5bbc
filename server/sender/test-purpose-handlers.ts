import { NETWORK_CATALOG } from "../chains/catalog";
import type { AccountSpec } from "../ledger/chart-of-accounts";
import { registerTransactionHandlers } from "./transaction-handlers";

/**
 * Where the gas of a purpose-"test" transaction from a key other than the platform wallets is charged: an
 * operator-level account of its own, so that test keys never blur the gas and hot wallets' accounts.
 */
export function testSenderFeeAccount(scope: { livemode: boolean; networkId: string; asset: string }): AccountSpec {
  const code = "operator:test_senders";
  return {
    id: `${code}/${scope.networkId}/${scope.asset}/${scope.livemode ? "live" : "test"}`,
    code,
    merchantId: null,
    livemode: scope.livemode,
    networkId: scope.networkId,
    asset: scope.asset,
    debitsMustNotExceedCredits: false,
  };
}

// Purpose "test" moves no domain state: its transactions exist for the sender's own tests (a worker started as a
// child process must confirm them too). Tests that want to watch the handlers register their own over these.
registerTransactionHandlers("test", {
  async confirmed() {},
  feeAccount: (t) =>
    testSenderFeeAccount({
      livemode: t.livemode,
      networkId: t.networkId,
      asset: NETWORK_CATALOG.find((n) => n.id === t.networkId)?.nativeAsset.symbol ?? "ETH",
    }),
});
