import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as deleteRule } from "@/app/api/v1/auto_withdrawals/[id]/route";
import { GET as listRules, POST as createRule } from "@/app/api/v1/auto_withdrawals/route";
import { GET as getWithdrawal } from "@/app/api/v1/withdrawals/[id]/route";
import { GET as listWithdrawals } from "@/app/api/v1/withdrawals/route";
import type { Role } from "@/server/auth/permissions";
import { db } from "@/server/db";
import { newId, randomBase62 } from "@/server/ids";
import { apiRequest, createTestMerchant, params } from "@/test/fixtures";
import { withEnv } from "@/test/webhook-kit";

const noParams = params({});
const ADDRESS = "0x52908400098527886E0F7030069857D2E4169EE7";
const OTHER = "0x8617E340B3D01FA5F11F306F4090FD50E238070D";

async function post(key: string, body: unknown) {
  const res = await createRule(apiRequest("POST", "/api/v1/auto_withdrawals", { key, body }), noParams);
  return { status: res.status, body: await res.json() };
}

async function storedRules(merchantId: string) {
  return db().autoWithdrawal.count({ where: { merchantId } });
}

async function addMember(merchantId: string, role: Role): Promise<string> {
  const userId = newId("usr");
  await db().user.create({ data: { id: userId, email: `${randomBase62(8)}@example.com`, passwordHash: "unused" } });
  await db().membership.create({ data: { id: newId("mem"), userId, merchantId, role } });
  return userId;
}

describe("auto-withdrawal rules through the API", () => {
  let key: string;
  let merchantId: string;
  beforeAll(async () => {
    ({ key, merchantId } = await createTestMerchant());
  });

  it.each([
    [
      "an address that is not 40 hex digits",
      { address: "0x1234" },
      "parameter_invalid",
      "address",
      "Invalid address: must be an EVM address (0x and 40 hex digits)",
    ],
    [
      "a mixed-case address with a wrong checksum",
      { address: "0x52908400098527886E0F7030069857D2E4169Ee7" },
      "parameter_invalid",
      "address",
      "Invalid address: the mixed-case checksum does not match.",
    ],
    [
      "the zero address",
      { address: "0x0000000000000000000000000000000000000000" },
      "parameter_invalid",
      "address",
      "Invalid address: the zero address burns what it receives.",
    ],
    [
      "a threshold below the network's economic minimum",
      { threshold: "0.99" },
      "parameter_invalid",
      "threshold",
      "Invalid threshold: below 1.00 USDC, the smallest withdrawal worth its gas on Devnet.",
    ],
    [
      "a keep that leaves less than the minimum at the threshold",
      { threshold: "10", keep: "9.50" },
      "parameter_invalid",
      "keep",
      "Invalid keep: a withdrawal at the threshold would send less than 1.00 USDC, the smallest worth its gas on Devnet.",
    ],
    [
      "more decimal places than the asset has",
      { threshold: "10.0000001" },
      "parameter_invalid",
      "threshold",
      "Invalid threshold: USDC has 6 decimal places.",
    ],
    [
      "a threshold that is not a decimal string",
      { threshold: 10 },
      "parameter_invalid",
      "threshold",
      "Invalid threshold: Invalid input: expected string, received number",
    ],
    [
      "an asset the network does not have",
      { asset: "DAI" },
      "unsupported_asset",
      "asset",
      'Network "devnet" has no asset "DAI".',
    ],
    [
      "a network not enabled in the key's mode",
      { network: "ethereum" },
      "unsupported_network",
      "network",
      'Network "ethereum" is not enabled for test mode.',
    ],
    [
      "a missing threshold",
      { threshold: undefined },
      "parameter_missing",
      "threshold",
      "Missing required parameter: threshold.",
    ],
    ["an unknown parameter", { extra: "1" }, "parameter_unknown", "extra", "Received unknown parameter: extra."],
  ])("refuses %s with a 422 naming the parameter and stores nothing", async (_name, change, code, param, message) => {
    const body = { network: "devnet", asset: "USDC", address: ADDRESS, threshold: "100.00", ...change };
    expect(await post(key, body)).toEqual({
      status: 422,
      body: { error: { type: "invalid_request_error", code, param, message } },
    });
    expect(await storedRules(merchantId)).toBe(0);
  });

  it("creates a rule active at once in test mode; a second for the same pair replaces it", async () => {
    const before = Date.now();
    const first = await post(key, {
      network: "devnet",
      asset: "usdc",
      address: ADDRESS.toLowerCase(),
      threshold: "100",
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      object: "auto_withdrawal",
      livemode: false,
      network: "devnet",
      asset: "USDC",
      address: ADDRESS,
      threshold: "100.00",
      keep: "0.00",
      status: "active",
      disabled_at: null,
    });
    expect(first.body.id).toMatch(/^aw_[0-9A-Za-z]{22}$/);
    expect(first.body.active_at).toBe(first.body.created_at);
    expect(new Date(first.body.active_at).getTime()).toBeGreaterThanOrEqual(before);

    const second = await post(key, {
      network: "devnet",
      asset: "USDC",
      address: OTHER,
      threshold: "250.5",
      keep: "20",
    });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ address: OTHER, threshold: "250.50", keep: "20.00", status: "active" });
    // Another asset on the same network is a rule of its own.
    const eth = await post(key, { network: "devnet", asset: "ETH", address: OTHER, threshold: "0.5" });
    expect(eth.body).toMatchObject({ status: "active", asset: "ETH", threshold: "0.50" });

    const list = await listRules(apiRequest("GET", "/api/v1/auto_withdrawals", { key }), noParams);
    const listed = await list.json();
    expect(listed.data.map((r: { id: string }) => r.id)).toEqual([eth.body.id, second.body.id]);
    const replaced = await db().autoWithdrawal.findUniqueOrThrow({ where: { id: first.body.id } });
    expect([replaced.status, replaced.currentSlot, replaced.disabledAt?.toISOString()]).toEqual([
      "disabled",
      null,
      second.body.created_at,
    ]);
    const audit = await db().auditLog.findMany({
      where: { merchantId, targetType: "auto_withdrawal" },
      orderBy: { createdAt: "asc" },
      select: { action: true, targetId: true },
    });
    expect(audit).toEqual([
      { action: "auto_withdrawal.created", targetId: first.body.id },
      { action: "auto_withdrawal.created", targetId: second.body.id },
      { action: "auto_withdrawal.created", targetId: eth.body.id },
    ]);
    // Test mode tells nobody: nothing to wait for.
    expect(await db().notification.count({ where: { merchantId } })).toBe(0);
  });

  it("deletes a rule: disabled, no longer listed, a second delete is a 404", async () => {
    const { body: rule } = await post(key, { network: "devnet-b", asset: "USDC", address: ADDRESS, threshold: "5" });
    const del = () =>
      deleteRule(apiRequest("DELETE", `/api/v1/auto_withdrawals/${rule.id}`, { key }), params({ id: rule.id }));
    const res = await del();
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ id: rule.id, status: "disabled" });
    expect(body.disabled_at).not.toBeNull();
    const listed = await (await listRules(apiRequest("GET", "/api/v1/auto_withdrawals", { key }), noParams)).json();
    expect(listed.data.map((r: { id: string }) => r.id)).not.toContain(rule.id);
    const again = await del();
    expect([again.status, (await again.json()).error.code]).toEqual([404, "resource_missing"]);
    // Another merchant's key cannot see or delete it.
    const other = await createTestMerchant();
    const foreign = await deleteRule(
      apiRequest("DELETE", `/api/v1/auto_withdrawals/${rule.id}`, { key: other.key }),
      params({ id: rule.id }),
    );
    expect(foreign.status).toBe(404);
  });

  it("lists no withdrawals yet, and an unknown one is a 404", async () => {
    const list = await listWithdrawals(apiRequest("GET", "/api/v1/withdrawals", { key }), noParams);
    expect(await list.json()).toEqual({ object: "list", data: [], has_more: false });
    const one = await getWithdrawal(
      apiRequest("GET", "/api/v1/withdrawals/wd_nope", { key }),
      params({ id: "wd_nope" }),
    );
    expect([one.status, (await one.json()).error]).toEqual([
      404,
      { type: "invalid_request_error", code: "resource_missing", message: "No such withdrawal: 'wd_nope'." },
    ]);
  });
});

describe("auto-withdrawal rules in live mode", () => {
  let restore: () => void;
  // A live network only has to be configured for a rule to name it: nothing here talks to the node.
  beforeAll(() => {
    restore = withEnv({ RPC_URL_BASE: "http://127.0.0.1:1" });
  });
  afterAll(() => restore());

  it("waits 24 hours for a new address and tells every owner and admin; delete works meanwhile", async () => {
    const live = await createTestMerchant({ live: true });
    const owner = await addMember(live.merchantId, "owner");
    const admin = await addMember(live.merchantId, "admin");
    await addMember(live.merchantId, "developer");
    await addMember(live.merchantId, "finance");

    const { status, body: rule } = await post(live.key, {
      network: "base",
      asset: "USDC",
      address: ADDRESS,
      threshold: "500",
      keep: "50",
    });
    expect(status).toBe(201);
    expect(rule).toMatchObject({ livemode: true, status: "pending_activation", threshold: "500.00", keep: "50.00" });
    expect(new Date(rule.active_at).getTime() - new Date(rule.created_at).getTime()).toBe(24 * 60 * 60 * 1000);

    const notices = await db().notification.findMany({
      where: { merchantId: live.merchantId },
      select: { userId: true, kind: true, message: true },
      orderBy: { userId: "asc" },
    });
    const message =
      `New auto-withdrawal address ${ADDRESS} for USDC on Base: withdrawals to it start at ${rule.active_at}. ` +
      "If you did not expect this, delete the rule before then.";
    expect(notices).toEqual(
      [owner, admin].sort().map((userId) => ({ userId, kind: "auto_withdrawal.address_added", message })),
    );

    // A new threshold for the same address keeps the clock; a new address restarts it.
    const same = await post(live.key, { network: "base", asset: "USDC", address: ADDRESS, threshold: "600" });
    expect([same.body.status, same.body.active_at]).toEqual(["pending_activation", rule.active_at]);
    expect(await db().notification.count({ where: { merchantId: live.merchantId } })).toBe(2);

    const res = await deleteRule(
      apiRequest("DELETE", `/api/v1/auto_withdrawals/${same.body.id}`, { key: live.key }),
      params({ id: same.body.id }),
    );
    expect([res.status, (await res.json()).status]).toEqual([200, "disabled"]);
    const audit = await db().auditLog.findMany({
      where: { merchantId: live.merchantId, targetType: "auto_withdrawal" },
      orderBy: { createdAt: "asc" },
      select: { action: true, livemode: true, actor: true },
    });
    const keyId = (await db().apiKey.findFirstOrThrow({ where: { merchantId: live.merchantId } })).id;
    expect(audit).toEqual([
      { action: "auto_withdrawal.created", livemode: true, actor: keyId },
      { action: "auto_withdrawal.created", livemode: true, actor: keyId },
      { action: "auto_withdrawal.deleted", livemode: true, actor: keyId },
    ]);
  });

  it("live mode checks the live network's minimum: 50 USDC on Ethereum", async () => {
    const restoreEth = withEnv({ RPC_URL_ETHEREUM: "http://127.0.0.1:1" });
    try {
      const live = await createTestMerchant({ live: true });
      expect(
        await post(live.key, { network: "ethereum", asset: "USDC", address: ADDRESS, threshold: "49.99" }),
      ).toEqual({
        status: 422,
        body: {
          error: {
            type: "invalid_request_error",
            code: "parameter_invalid",
            param: "threshold",
            message: "Invalid threshold: below 50.00 USDC, the smallest withdrawal worth its gas on Ethereum.",
          },
        },
      });
      expect(await storedRules(live.merchantId)).toBe(0);
    } finally {
      restoreEth();
    }
  });
});
