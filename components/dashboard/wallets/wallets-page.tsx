"use client";

import { PageHeader } from "../states";
import { AutoWithdrawalRules } from "./auto-withdrawal-rules";
import { PlatformWallets } from "./platform-wallets";
import { WithdrawalsTable } from "./withdrawals-table";

/** Wallets: the platform wallets per network, the merchant's auto-withdrawal rules and its withdrawals. */
export function WalletsPage() {
  return (
    <>
      <PageHeader
        title="Wallets"
        description="Where your funds go: rules that sweep your balance to your own wallet, and the platform wallets that pay for it."
      />
      <PlatformWallets />
      <AutoWithdrawalRules />
      <WithdrawalsTable />
    </>
  );
}
