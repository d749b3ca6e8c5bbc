// The gas wallet's reconciliation line on a network without EIP-7702: the operator funds the gas wallet with a real
// transfer (posted as operator funding), the fallback sweep sends deposit addresses their gas from it (posted to the
// merchant's gas float, not to the gas wallet's account) and pays its fees (posted to operator:gas_wallet); the line
// counts all three, so what the chain and the ledger disagree on is exactly what it was before (nothing, on a fresh
// devnet; other files top the suite's gas wallet up with anvil_setBalance, which no ledger sees).
import { beforeAll, describe, expect, it } from "vitest";
import { parseEther, type Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { findNetwork, type Network } from "@/server/chains/networks";
import { db, inTransaction } from "@/server/db";
import { tick } from "@/server/jobs/tick";
import { formatDecimal } from "@/server/money";
import { forceSweepFallback, usesEip7702 } from "@/server/sweeps/prepare-sweeps";
import { requestSweep } from "@/server/sweeps/request-sweep";
import { registerSweepHandlers } from "@/server/sweeps/sweep-handlers";
import "@/server/sweeps/sweep-transaction-handlers";
import { platformAddress } from "@/server/wallets/platform-keys";
import { recordPlatformWallets } from "@/server/withdrawals/record-platform-wallets";
import { createDevnetInvoice, payRaw } from "@/test/chains";
import { createTestMerchant, mine, pay } from "@/test/fixtures";
import { expectMatched } from "@/test/reconcile";
import { merchantAccount } from "./chart-of-accounts";
import { reconcilePlatformWallets } from "./reconcile";

const NETWORK = "devnet" as const;
const network = findNetwork(NETWORK) as Network;
const OWNER = "operator-funding-fallback-test";
const OPERATOR = 7;

beforeAll(async () => {
  registerSweepHandlers("withdrawal", { confirmed: async () => {} });
  forceSweepFallback(NETWORK);
  await recordPlatformWallets(db());
  await tick(db(), { owner: OWNER, parts: ["chains"] });
});

/** Mine and scan until every payment and funding so far has its confirmations. */
async function settle(): Promise<void> {
  await mine(NETWORK, 3);
  await tick(db(), { owner: OWNER, parts: ["chains"] });
  await tick(db(), { owner: OWNER, parts: ["chains"] });
}

/** The gas wallet's ETH line on the devnet: on chain less the ledger. */
async function gasDifference(): Promise<bigint> {
  const lines = await reconcilePlatformWallets(db(), { livemode: false, networkId: NETWORK, asset: "ETH" });
  const gas = lines.find((l) => l.role === "gas")!;
  expect(gas.address).toBe(platformAddress("gas", false).toLowerCase());
  return gas.onChain - gas.ledger;
}

describe("the gas wallet's line with fallback sweeps", () => {
  it("stays where it was after the operator funds the gas wallet and it pays a fallback token sweep", async () => {
    expect(usesEip7702(network)).toBe(false);
    await settle();
    const before = await gasDifference();

    const funding = await payRaw({
      network: NETWORK,
      asset: "ETH",
      to: platformAddress("gas", false),
      amount: parseEther("3"),
      accountIndex: OPERATOR,
    });
    const { merchantId } = await createTestMerchant();
    const deposits: { address: Address; keyPath: string; amount: bigint }[] = [];
    for (const amount of [1_000_000n, 2_000_000n]) {
      const inv = await createDevnetInvoice(merchantId, {
        amount: formatDecimal(amount, 6),
        currency: "USDC",
        network: NETWORK,
      });
      await pay({ network: NETWORK, asset: "USDC", to: inv.address, amount, accountIndex: 5 });
      const dep = await db().depositAddress.findUniqueOrThrow({ where: { address: inv.address } });
      deposits.push({ address: inv.address, keyPath: dep.derivationPath, amount });
    }
    await settle();
    expect((await db().operatorFunding.findFirstOrThrow({ where: { txHash: funding.hash } })).status).toBe("confirmed");
    expect(await gasDifference()).toBe(before);

    const to = privateKeyToAccount(generatePrivateKey()).address;
    const scope = { merchantId, livemode: false, networkId: NETWORK, asset: "USDC" };
    const { id } = await inTransaction(db(), (tx) =>
      requestSweep(tx, {
        key: `operator-funding-fallback:${to}`,
        networkId: NETWORK,
        livemode: false,
        merchantId,
        asset: "USDC",
        to,
        purpose: "withdrawal",
        sourceId: `wd_test_${to.slice(2, 10)}`,
        debitAccountId: merchantAccount("available", scope).id,
        sources: deposits,
      }),
    );
    for (let i = 0; i < 40; i++) {
      const at = new Date(Date.now() + i * 60_000);
      await tick(db(), { owner: OWNER, parts: ["sweeps", "sender"], now: () => at });
      if ((await db().sweep.findUniqueOrThrow({ where: { id } })).status === "confirmed") break;
      await mine(NETWORK, 1);
    }
    expect((await db().sweep.findUniqueOrThrow({ where: { id } })).status).toBe("confirmed");
    await settle();
    // The gas wallet did send deposit addresses their gas (sweep_fund) and paid fees.
    const fundTxs = await db().outgoingTransaction.findMany({ where: { purpose: "sweep_fund", status: "confirmed" } });
    expect(
      fundTxs.filter((t) => deposits.some((d) => d.address.toLowerCase() === t.toAddress.toLowerCase())),
    ).toHaveLength(2);
    expect(await gasDifference()).toBe(before);
    await expectMatched(merchantId);
  });
});
