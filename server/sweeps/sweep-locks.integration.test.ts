// One open sweep per deposit address: a withdrawal and a consolidation for payouts racing for the same address
// cannot both take it (sweep_address_locks, kept by a trigger on sweep_items). Real PostgreSQL and anvil.
import { beforeAll, describe, expect, it } from "vitest";
import type { Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { db, inTransaction } from "@/server/db";
import { tick } from "@/server/jobs/tick";
import { merchantAccount } from "@/server/ledger/chart-of-accounts";
import { platformAddress } from "@/server/wallets/platform-keys";
import { sweepableDepositBalances } from "@/server/withdrawals/sweepable-deposit-balances";
import { createTestMerchant } from "@/test/fixtures";
import { expectMatched } from "@/test/reconcile";
import { NETWORK, paidDeposits } from "@/test/sweeps";
import { failSweepItems } from "./fail-sweep-items";
import { registerSweepHandlers, requestSweep, SweepAddressBusy, type SweepRequest } from "./request-sweep";

const OWNER = "sweep-locks-test";

beforeAll(async () => {
  // The sweeps here serve no real withdrawal or payout: whichever wins, its requester hears nothing.
  registerSweepHandlers("withdrawal", { confirmed: async () => {} });
  registerSweepHandlers("consolidation", { confirmed: async () => {} });
  await tick(db(), { owner: OWNER, parts: ["chains"] });
});

describe("sweep address locks", () => {
  it("a withdrawal and a consolidation racing for one address: exactly one takes it; the other can once it settles", async () => {
    const { merchantId } = await createTestMerchant();
    await paidDeposits({ owner: OWNER, merchantId, asset: "USDC", amounts: [5_000_000n, 7_000_000n], payer: 6 });
    const scope = { merchantId, livemode: false, networkId: NETWORK, asset: "USDC" };
    const candidates = await sweepableDepositBalances(db(), scope);
    expect(candidates.map((c) => c.amount)).toEqual([7_000_000n, 5_000_000n]);
    const [big, small] = candidates as [(typeof candidates)[0], (typeof candidates)[0]];
    const source = (c: typeof big) => ({ address: c.address as Address, keyPath: c.keyPath, amount: c.amount });
    const base = { networkId: NETWORK, livemode: false, merchantId, asset: "USDC" } as const;
    const withdrawal: SweepRequest = {
      ...base,
      key: `locks-test:withdrawal:${merchantId}`,
      to: privateKeyToAccount(generatePrivateKey()).address,
      purpose: "withdrawal",
      sourceId: "wd_locks_test",
      debitAccountId: merchantAccount("available", scope).id,
      sources: [source(big), source(small)],
    };
    const consolidation: SweepRequest = {
      ...base,
      key: `locks-test:consolidation:${merchantId}`,
      to: platformAddress("hot", false),
      purpose: "consolidation",
      sourceId: "po_locks_test",
      debitAccountId: merchantAccount("custody_hot", scope).id,
      sources: [source(big)],
    };

    // Both planners chose `big` from the same read; they commit at once.
    const results = await Promise.allSettled([
      inTransaction(db(), (tx) => requestSweep(tx, withdrawal)),
      inTransaction(db(), (tx) => requestSweep(tx, consolidation)),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(SweepAddressBusy);
    // The loser left nothing: one sweep, whose items hold the locks; one open item on `big`.
    const sweeps = await db().sweep.findMany({ where: { merchantId }, include: { items: true } });
    expect(sweeps).toHaveLength(1);
    const openOnBig = await db().sweepItem.count({
      where: { networkId: NETWORK, address: big.address, status: { notIn: ["confirmed", "failed"] } },
    });
    expect(openOnBig).toBe(1);
    const locks = await db().sweepAddressLock.findMany({
      where: { sweepItemId: { in: sweeps[0]!.items.map((i) => i.id) } },
      orderBy: { address: "asc" },
    });
    expect(locks.map((l) => l.address)).toEqual(sweeps[0]!.items.map((i) => i.address).sort());
    // Planners no longer see a locked address.
    const free = (await sweepableDepositBalances(db(), scope)).map((c) => c.address);
    expect(free).toEqual(sweeps[0]!.purpose === "withdrawal" ? [] : [small.address]);

    // Once the winner's items settle (here: given up, reservations voided), the locks are gone and the other goes.
    await inTransaction(db(), (tx) =>
      failSweepItems(
        tx,
        sweeps[0]!.items.map((i) => i.id),
        "test",
        new Date(),
      ),
    );
    expect(await db().sweepAddressLock.count({ where: { address: { in: [big.address, small.address] } } })).toBe(0);
    const loser = sweeps[0]!.purpose === "withdrawal" ? consolidation : withdrawal;
    expect(await inTransaction(db(), (tx) => requestSweep(tx, loser))).toMatchObject({ created: true });
    await expectMatched(merchantId);
  }, 120_000);
});
