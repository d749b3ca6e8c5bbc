// A rule whose withdrawals keep failing (an address that refuses the asset) is turned off after three failures in a
// row instead of failing again every hour for ever: planWithdrawal on real PostgreSQL, with the failed withdrawals
// stored as the sweep failure path leaves them (sweep-planning-isolation.integration.test.ts makes real ones on anvil).
import { describe, expect, it } from "vitest";
import { GET as listRules, POST as createRule } from "@/app/api/v1/auto_withdrawals/route";
import { db, inTransaction } from "@/server/db";
import { newId, randomBase62 } from "@/server/ids";
import { apiRequest, createTestMerchant, params } from "@/test/fixtures";
import { FAILURES_BEFORE_DISABLING, planWithdrawal, RETRY_AFTER_FAILURE_MS } from "./plan-withdrawals";

const ADDRESS = "0x52908400098527886E0F7030069857D2E4169EE7";
const REASON = "the destination 0x52908400098527886e0f7030069857d2e4169ee7 refuses ETH: a transfer to it reverts";

async function merchantWithRule() {
  const { merchantId, key } = await createTestMerchant();
  const owner = newId("usr");
  await db().user.create({ data: { id: owner, email: `${randomBase62(8)}@example.com`, passwordHash: "unused" } });
  await db().membership.create({ data: { id: newId("mem"), userId: owner, merchantId, role: "owner" } });
  const res = await createRule(
    apiRequest("POST", "/api/v1/auto_withdrawals", {
      key,
      body: { network: "devnet", asset: "ETH", address: ADDRESS, threshold: "0.02", keep: "0.01" },
    }),
    params({}),
  );
  expect(res.status).toBe(201);
  const rule = (await res.json()) as { id: string; status: string };
  expect(rule.status).toBe("active");
  return { merchantId, key, owner, ruleId: rule.id };
}

/** Withdrawals of the rule as the failure path leaves them: status failed, reason and time. */
async function storeWithdrawals(
  opts: { merchantId: string; ruleId: string },
  outcomes: ("failed" | "confirmed")[],
  at: Date,
) {
  for (const [i, status] of outcomes.entries()) {
    await db().withdrawal.create({
      data: {
        id: newId("wd"),
        merchantId: opts.merchantId,
        livemode: false,
        autoWithdrawalId: opts.ruleId,
        sequence: i + 1,
        networkId: "devnet",
        asset: "ETH",
        decimals: 18,
        address: ADDRESS.toLowerCase(),
        amount: "40000000000000000",
        status,
        failureReason: status === "failed" ? REASON : null,
        failedAt: status === "failed" ? at : null,
        confirmedAt: status === "confirmed" ? at : null,
        createdAt: at,
      },
    });
  }
  await db().autoWithdrawal.update({ where: { id: opts.ruleId }, data: { withdrawalCount: outcomes.length } });
}

describe("a failing auto-withdrawal rule", () => {
  it(`is disabled after ${FAILURES_BEFORE_DISABLING} failed withdrawals in a row, owners told, slot freed`, async () => {
    const m = await merchantWithRule();
    const failedAt = new Date("2026-11-01T00:00:00Z");
    await storeWithdrawals(m, ["failed", "failed", "failed"], failedAt);

    // Within the retry wait after the last failure: nothing happens yet.
    const early = new Date(failedAt.getTime() + RETRY_AFTER_FAILURE_MS - 1);
    expect(await inTransaction(db(), (tx) => planWithdrawal(tx, { ruleId: m.ruleId, now: early }))).toBeNull();
    expect((await db().autoWithdrawal.findUniqueOrThrow({ where: { id: m.ruleId } })).status).toBe("active");

    const now = new Date(failedAt.getTime() + RETRY_AFTER_FAILURE_MS);
    expect(await inTransaction(db(), (tx) => planWithdrawal(tx, { ruleId: m.ruleId, now }))).toBeNull();

    const rule = await db().autoWithdrawal.findUniqueOrThrow({ where: { id: m.ruleId } });
    expect({ status: rule.status, currentSlot: rule.currentSlot, disabledAt: rule.disabledAt }).toEqual({
      status: "disabled",
      currentSlot: null,
      disabledAt: now,
    });
    expect(await db().withdrawal.count({ where: { autoWithdrawalId: m.ruleId } })).toBe(3);
    const audit = await db().auditLog.findMany({
      where: { merchantId: m.merchantId, action: "auto_withdrawal.disabled_after_failures" },
      select: { actor: true, targetId: true, data: true },
    });
    expect(audit).toEqual([
      { actor: "worker", targetId: m.ruleId, data: { failures: 3, last_failure_reason: REASON } },
    ]);
    const notices = await db().notification.findMany({
      where: { merchantId: m.merchantId },
      select: { userId: true, kind: true, message: true },
    });
    expect(notices).toEqual([
      {
        userId: m.owner,
        kind: "auto_withdrawal.disabled",
        message:
          `Auto-withdrawal of ETH on devnet to ${ADDRESS.toLowerCase()} was turned off after 3 failed withdrawals in a ` +
          `row (last: ${REASON}). Add a rule again once the address can receive it.`,
      },
    ]);

    // The API lists it no more (as after a DELETE); planning again does nothing; a new rule for the pair can be added.
    const listed = await listRules(apiRequest("GET", "/api/v1/auto_withdrawals", { key: m.key }), params({}));
    expect(((await listed.json()) as { data: unknown[] }).data).toEqual([]);
    expect(await inTransaction(db(), (tx) => planWithdrawal(tx, { ruleId: m.ruleId, now }))).toBeNull();
    const again = await createRule(
      apiRequest("POST", "/api/v1/auto_withdrawals", {
        key: m.key,
        body: { network: "devnet", asset: "ETH", address: ADDRESS, threshold: "0.02" },
      }),
      params({}),
    );
    expect(again.status).toBe(201);
  });

  it("is not disabled when a withdrawal among the last three was confirmed", async () => {
    const m = await merchantWithRule();
    const at = new Date("2026-11-01T00:00:00Z");
    await storeWithdrawals(m, ["failed", "confirmed", "failed", "failed"], at);
    const now = new Date(at.getTime() + RETRY_AFTER_FAILURE_MS);
    // Nothing to withdraw (no balance), but the rule stays active.
    expect(await inTransaction(db(), (tx) => planWithdrawal(tx, { ruleId: m.ruleId, now }))).toBeNull();
    expect((await db().autoWithdrawal.findUniqueOrThrow({ where: { id: m.ruleId } })).status).toBe("active");
    expect(await db().notification.count({ where: { merchantId: m.merchantId } })).toBe(0);
  });
});
