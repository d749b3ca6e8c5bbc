import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAddress } from "viem";
import type { Role } from "@/server/auth/permissions";
import { createApiKey } from "@/server/auth/api-keys";
import { db, inTransaction } from "@/server/db";
import { newId, randomBase62 } from "@/server/ids";
import { checkLedgerInvariants } from "@/server/ledger/check-ledger-invariants";
import { merchantAccount } from "@/server/ledger/chart-of-accounts";
import { ensureAccounts } from "@/server/ledger/ensure-accounts";
import { getBalances } from "@/server/ledger/get-balances";
import { recordTransfer } from "@/server/ledger/record-transfer";
import { createPayout } from "@/server/payouts/create-payout";
import { createPayoutBatch } from "@/server/payouts/create-payout-batch";
import { confirmTotpEnrolment } from "@/server/totp/confirm-totp-enrolment";
import { disableTotp } from "@/server/totp/disable-totp";
import { getTotpStatus } from "@/server/totp/get-totp-status";
import { startTotpEnrolment } from "@/server/totp/start-totp-enrolment";
import { totpCode } from "@/server/totp/totp";
import { withSecondFactor } from "@/server/totp/with-second-factor";
import { createTestMerchant } from "@/test/fixtures";
import { withEnv } from "@/test/webhook-kit";
import { addAllowlistEntry } from "./add-allowlist-entry";
import { approvalDigest, type ApprovalContent } from "./approval-digest";
import { approvePending } from "./approve-pending";
import { listApprovalQueue } from "./list-approval-queue";
import { rejectPending } from "./reject-pending";
import { removeAllowlistEntry } from "./remove-allowlist-entry";
import { setAutoApprovalLimit } from "./set-auto-approval-limit";

// Live-mode approvals on a real PostgreSQL: TOTP enrolment and codes, maker-checker, the content digest, the wrong-code
// budget, batch approval racing itself, the allowlist's 24 hours and auto-approval. The test stack has no live chain:
// Base is configured (nothing here talks to its node) and the merchant's live `available` is funded by a posted ledger
// transfer from custody, so reservations are real ledger rows checked by the ledger's invariants.

const USDC = 1_000_000n;
const T0 = new Date("2026-11-28T12:00:00.000Z");
/** `steps` TOTP periods (30 s) after T0. */
const at = (steps: number) => new Date(T0.getTime() + steps * 30_000);
const HOUR = 60 * 60 * 1000;
const TO = "0x52908400098527886E0F7030069857D2E4169EE7";
const TO2 = "0x8617E340B3D01FA5F11F306F4090FD50E238070D";
const BASE_USDC = "0x833589fcd6edb6e08f4c7c32d4f71b54bda02913";

let restoreEnv: () => void;
let merchantId: string;
/** The merchant's own API key (made by no member): creator of the payouts auto-approval may approve. */
let ownerKeyId: string;
let checkerRecovery: string[] = [];
const users = {} as Record<"maker" | "checker" | "admin" | "owner", string>;
const secrets = {} as Record<string, string>;

async function addMember(role: Role, label: string): Promise<string> {
  const userId = newId("usr");
  await db().user.create({
    data: { id: userId, email: `${label}-${randomBase62(6).toLowerCase()}@example.com`, passwordHash: "unused" },
  });
  await db().membership.create({ data: { id: newId("mem"), userId, merchantId, role } });
  return userId;
}

async function enrol(userId: string, when: Date): Promise<string[]> {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
  const { secret } = await inTransaction(db(), (tx) =>
    startTotpEnrolment(tx, { userId, email: user.email, now: when }),
  );
  secrets[userId] = secret;
  const { recoveryCodes } = await withSecondFactor(db(), { userId, now: when }, (tx) =>
    confirmTotpEnrolment(tx, { userId, code: totpCode(secret, when), now: when }),
  );
  return recoveryCodes;
}

const codeOf = (userId: string, when: Date) => totpCode(secrets[userId]!, when);

async function liveUsdc() {
  const b = (await getBalances(db(), { merchantId, livemode: true })).find(
    (x) => x.networkId === "base" && x.asset === "USDC",
  );
  return { available: b?.available ?? 0n, reserved: b?.reserved ?? 0n };
}

const payoutTransfers = () => db().ledgerTransfer.count({ where: { merchantId, livemode: true, type: "payout" } });

async function newPayout(amount: string, opts: { createdBy?: string; address?: string; now?: Date } = {}) {
  return createPayout(db(), {
    merchantId,
    livemode: true,
    createdBy: opts.createdBy ?? users.maker,
    request: { network: "base", asset: "USDC", amount, address: opts.address ?? TO },
    now: opts.now ?? T0,
  });
}

async function contentOfPayout(id: string): Promise<ApprovalContent> {
  const p = await db().payout.findUniqueOrThrow({ where: { id } });
  return {
    kind: "payout",
    id,
    livemode: true,
    network: "base",
    asset: "USDC",
    token: BASE_USDC,
    decimals: 6,
    payouts: [{ id, address: p.address, amount: p.amount.toFixed(0) }],
  };
}

function approve(
  target: { kind: "payout" | "batch"; id: string },
  opts: { userId: string; code: string; digest: string; now: Date },
) {
  return withSecondFactor(db(), { userId: opts.userId, now: opts.now }, (tx) =>
    approvePending(tx, {
      ...target,
      merchantId,
      livemode: true,
      approverUserId: opts.userId,
      digest: opts.digest,
      code: opts.code,
      now: opts.now,
    }),
  );
}

async function auditOf(targetId: string) {
  return db().auditLog.findMany({
    where: { merchantId, targetId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { action: true, actor: true, livemode: true, targetType: true, data: true },
  });
}

beforeAll(async () => {
  restoreEnv = withEnv({ RPC_URL_BASE: "http://127.0.0.1:1" });
  const live = await createTestMerchant({ live: true });
  merchantId = live.merchantId;
  expect(live.key).toMatch(/^sk_live_/);
  ownerKeyId = (await db().apiKey.findFirstOrThrow({ where: { merchantId, createdById: null } })).id;
  users.owner = await addMember("owner", "owner");
  users.maker = await addMember("finance", "maker");
  users.checker = await addMember("finance", "checker");
  users.admin = await addMember("admin", "admin");
  // 1,000 USDC available in live mode on Base: a posted transfer from custody, as a confirmed payment would post.
  const scope = { merchantId, livemode: true, networkId: "base", asset: "USDC" };
  await inTransaction(db(), async (tx) => {
    await ensureAccounts(tx, [merchantAccount("custody_deposits", scope), merchantAccount("available", scope)]);
    await recordTransfer(tx, {
      key: `test-funding:${merchantId}`,
      type: "adjustment",
      status: "posted",
      debitAccountId: merchantAccount("custody_deposits", scope).id,
      creditAccountId: merchantAccount("available", scope).id,
      amount: 1000n * USDC,
      merchantId,
      livemode: true,
      networkId: "base",
      asset: "USDC",
      decimals: 6,
      description: "test funding",
      at: T0,
    });
  });
});

afterAll(async () => {
  expect(await checkLedgerInvariants(db(), { merchantId })).toEqual([]);
  restoreEnv();
});

describe("TOTP enrolment", () => {
  it("shows a secret once, enables on the first right code with 10 single-use recovery codes, and audits it", async () => {
    const userId = users.checker;
    const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
    const { secret, uri } = await inTransaction(db(), (tx) =>
      startTotpEnrolment(tx, { userId, email: user.email, now: T0 }),
    );
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toBe(
      `otpauth://totp/Payrail:${encodeURIComponent(user.email)}?secret=${secret}&issuer=Payrail&algorithm=SHA1&digits=6&period=30`,
    );
    expect(await getTotpStatus(db(), userId)).toEqual({ state: "pending", enabledAt: null, recoveryCodesLeft: 0 });
    const row = await db().userTotp.findUniqueOrThrow({ where: { userId } });
    expect(row.secretSealed).toMatch(/^v1\./);
    expect(row.secretSealed).not.toContain(secret);

    // A wrong first code enables nothing; approvals still say "set it up first".
    const wrong = totpCode(secret, at(10));
    await expect(
      withSecondFactor(db(), { userId, now: T0 }, (tx) => confirmTotpEnrolment(tx, { userId, code: wrong, now: T0 })),
    ).rejects.toMatchObject({ code: "second_factor_invalid", param: "code" });
    expect((await getTotpStatus(db(), userId)).state).toBe("pending");

    const { recoveryCodes } = await withSecondFactor(db(), { userId, now: T0 }, (tx) =>
      confirmTotpEnrolment(tx, { userId, code: totpCode(secret, T0), now: T0 }),
    );
    secrets[userId] = secret;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const c of recoveryCodes) expect(c).toMatch(/^[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}$/);
    expect(await getTotpStatus(db(), userId)).toEqual({ state: "on", enabledAt: T0, recoveryCodesLeft: 10 });
    const stored = await db().totpRecoveryCode.findMany({ where: { userId } });
    expect(stored.map((s) => s.codeHash).every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
    expect(stored.some((s) => recoveryCodes.some((c) => s.codeHash.includes(c.replace("-", ""))))).toBe(false);
    // The row keeps the confirming code's step, the failure forgotten.
    expect(await db().userTotp.findUniqueOrThrow({ where: { userId } })).toMatchObject({
      enabledAt: T0,
      lastUsedStep: BigInt(T0.getTime() / 30_000),
      failedAttempts: 0,
    });

    // On already: starting again is refused.
    await expect(
      inTransaction(db(), (tx) => startTotpEnrolment(tx, { userId, email: user.email, now: T0 })),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await auditOf(userId)).toEqual([
      { action: "totp.enabled", actor: userId, livemode: null, targetType: "user", data: { recovery_codes: 10 } },
    ]);

    checkerRecovery = recoveryCodes;
    await enrol(users.admin, T0);
    await enrol(users.maker, T0);
  });

  it("turns off with a recovery code (a lost phone), which works once", async () => {
    const userId = await addMember("finance", "lost-phone");
    const codes = await enrol(userId, T0);
    await withSecondFactor(db(), { userId, now: at(1) }, (tx) =>
      disableTotp(tx, { userId, code: codes[3]!.toLowerCase(), now: at(1) }),
    );
    expect(await getTotpStatus(db(), userId)).toEqual({ state: "off", enabledAt: null, recoveryCodesLeft: 0 });
    expect(await db().totpRecoveryCode.count({ where: { userId } })).toBe(0);
    expect((await auditOf(userId)).map((a) => [a.action, a.data])).toEqual([
      ["totp.enabled", { recovery_codes: 10 }],
      ["totp.recovery_code_used", { recovery_codes_left: 9 }],
      ["totp.disabled", { method: "recovery_code" }],
    ]);
    // Off: no code is accepted any more.
    await expect(
      withSecondFactor(db(), { userId, now: at(2) }, (tx) => disableTotp(tx, { userId, code: codes[4]!, now: at(2) })),
    ).rejects.toMatchObject({ code: "second_factor_required" });
  });
});

describe("approving a live payout", () => {
  it("maker-checker: the creator is refused, also through an API key they made; nothing is reserved", async () => {
    const payout = await newPayout("10");
    expect(payout.status).toBe("pending_approval");
    const digest = approvalDigest(await contentOfPayout(payout.id));
    await expect(
      approve(
        { kind: "payout", id: payout.id },
        { userId: users.maker, code: codeOf(users.maker, at(1)), digest, now: at(1) },
      ),
    ).rejects.toMatchObject({ code: "forbidden" });

    const { key } = await inTransaction(db(), (tx) =>
      createApiKey(tx, { merchantId, livemode: true, name: "checker's key", actor: users.checker }),
    );
    const keyRow = await db().apiKey.findFirstOrThrow({ where: { merchantId, createdById: users.checker } });
    expect(key).toMatch(/^sk_live_/);
    const viaKey = await newPayout("11", { createdBy: keyRow.id });
    await expect(
      approve(
        { kind: "payout", id: viaKey.id },
        {
          userId: users.checker,
          code: codeOf(users.checker, at(1)),
          digest: approvalDigest(await contentOfPayout(viaKey.id)),
          now: at(1),
        },
      ),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(await payoutTransfers()).toBe(0);
    expect(await liveUsdc()).toEqual({ available: 1000n * USDC, reserved: 0n });
    await inTransaction(db(), (tx) =>
      rejectPending(tx, { merchantId, livemode: true, kind: "payout", id: viaKey.id, actor: users.admin, now: at(1) }),
    );
  });

  it("a wrong code, a replayed code and a code for other content are refused, and nothing is reserved", async () => {
    const a = await newPayout("20");
    const b = await newPayout("30");
    const digestA = approvalDigest(await contentOfPayout(a.id));
    const digestB = approvalDigest(await contentOfPayout(b.id));
    const now = at(4);

    const wrongCode = codeOf(users.checker, at(40));
    await expect(
      approve({ kind: "payout", id: a.id }, { userId: users.checker, code: wrongCode, digest: digestA, now }),
    ).rejects.toMatchObject({ code: "second_factor_invalid", message: "The code is wrong or has expired." });
    // Another payout's digest: the code is not even looked at.
    await expect(
      approve(
        { kind: "payout", id: a.id },
        { userId: users.checker, code: codeOf(users.checker, now), digest: digestB, now },
      ),
    ).rejects.toMatchObject({ code: "approval_content_changed", param: "digest" });
    // The same content with another amount, as a tampered page would send.
    const tampered = await contentOfPayout(a.id);
    tampered.payouts[0]!.amount = "2000000";
    await expect(
      approve(
        { kind: "payout", id: a.id },
        { userId: users.checker, code: codeOf(users.checker, now), digest: approvalDigest(tampered), now },
      ),
    ).rejects.toMatchObject({ code: "approval_content_changed" });
    expect(await payoutTransfers()).toBe(0);

    const code = codeOf(users.checker, now);
    const ok = await approve({ kind: "payout", id: a.id }, { userId: users.checker, code, digest: digestA, now });
    expect(ok).toEqual({ count: 1, total: 20n * USDC });
    expect(await db().payout.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({
      status: "queued",
      approvedBy: users.checker,
      approvedAt: now,
    });
    // Replays: the same code again (same step), and the previous step's code (older than the one used).
    await expect(
      approve({ kind: "payout", id: b.id }, { userId: users.checker, code, digest: digestB, now }),
    ).rejects.toMatchObject({
      code: "second_factor_invalid",
      message: "This code was already used: wait for the next one.",
    });
    await expect(
      approve(
        { kind: "payout", id: b.id },
        { userId: users.checker, code: codeOf(users.checker, at(3)), digest: digestB, now },
      ),
    ).rejects.toMatchObject({ code: "second_factor_invalid" });
    expect(await db().payout.findUniqueOrThrow({ where: { id: b.id } })).toMatchObject({ status: "pending_approval" });
    expect(await payoutTransfers()).toBe(1);
    expect(await liveUsdc()).toEqual({ available: 980n * USDC, reserved: 20n * USDC });

    // The next step's code approves b (one step of drift ahead is accepted).
    const next = await approve(
      { kind: "payout", id: b.id },
      { userId: users.checker, code: codeOf(users.checker, at(5)), digest: digestB, now },
    );
    expect(next).toEqual({ count: 1, total: 30n * USDC });
    expect(await liveUsdc()).toEqual({ available: 950n * USDC, reserved: 50n * USDC });
    const transfer = await db().ledgerTransfer.findUniqueOrThrow({ where: { key: `payout:${a.id}` } });
    expect([transfer.status, transfer.amount.toFixed(0), transfer.debitAccountId, transfer.creditAccountId]).toEqual([
      "pending",
      "20000000",
      `merchant:${merchantId}:available/base/USDC/live`,
      `custody:hot:${merchantId}/base/USDC/live`,
    ]);
    const events = await db().event.findMany({
      where: { merchantId, type: "payout.approved" },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => [(e.data as { object: { id: string; status: string } }).object.id, e.cause])).toEqual([
      [a.id, { payout: a.id, approved_by: users.checker }],
      [b.id, { payout: b.id, approved_by: users.checker }],
    ]);
    expect(await auditOf(a.id)).toEqual([
      {
        action: "payout.approved",
        actor: users.checker,
        livemode: true,
        targetType: "payout",
        data: { digest: digestA, network: "base", asset: "USDC", count: 1, total: "20", second_factor: "totp" },
      },
    ]);
  });

  it("five wrong codes spend the budget: then even the right code waits for the window", async () => {
    const userId = users.admin;
    const p = await newPayout("5");
    const digest = approvalDigest(await contentOfPayout(p.id));
    const now = at(20);
    for (let i = 0; i < 5; i++) {
      await expect(
        approve({ kind: "payout", id: p.id }, { userId, code: codeOf(userId, at(100 + i)), digest, now }),
      ).rejects.toMatchObject({ code: "second_factor_invalid" });
    }
    await expect(
      approve({ kind: "payout", id: p.id }, { userId, code: codeOf(userId, now), digest, now }),
    ).rejects.toMatchObject({ code: "rate_limited", message: "Too many wrong codes. Try again in 15 minutes." });
    expect(await db().payout.findUniqueOrThrow({ where: { id: p.id } })).toMatchObject({ status: "pending_approval" });
    // Fifteen minutes after the first wrong code, the right one works and the failures are forgotten.
    const later = new Date(now.getTime() + 15 * 60 * 1000);
    expect(
      await approve({ kind: "payout", id: p.id }, { userId, code: codeOf(userId, later), digest, now: later }),
    ).toEqual({ count: 1, total: 5n * USDC });
    expect(await db().userTotp.findUniqueOrThrow({ where: { userId } })).toMatchObject({ failedAttempts: 0 });
  });

  it("a recovery code approves once and is audited", async () => {
    const p = await newPayout("1");
    const q = await newPayout("2");
    const recovery = checkerRecovery[0]!;
    const now = at(200);
    await approve(
      { kind: "payout", id: p.id },
      { userId: users.checker, code: recovery, digest: approvalDigest(await contentOfPayout(p.id)), now },
    );
    await expect(
      approve(
        { kind: "payout", id: q.id },
        { userId: users.checker, code: recovery, digest: approvalDigest(await contentOfPayout(q.id)), now },
      ),
    ).rejects.toMatchObject({ code: "second_factor_invalid" });
    expect((await auditOf(p.id)).map((a) => (a.data as { second_factor: string }).second_factor)).toEqual([
      "recovery_code",
    ]);
    expect((await auditOf(users.checker)).map((a) => [a.action, a.data])).toEqual([
      ["totp.enabled", { recovery_codes: 10 }],
      ["totp.recovery_code_used", { recovery_codes_left: 9 }],
    ]);
    await inTransaction(db(), (tx) =>
      rejectPending(tx, { merchantId, livemode: true, kind: "payout", id: q.id, actor: users.admin, now }),
    );
  });
});

describe("approving a live batch", () => {
  it("two approvers at once: the batch is reserved exactly once, the other told nothing waits", async () => {
    const before = await liveUsdc();
    const transfersBefore = await payoutTransfers();
    const batch = await createPayoutBatch(db(), {
      merchantId,
      livemode: true,
      createdBy: users.maker,
      request: {
        network: "base",
        asset: "USDC",
        items: [
          { address: TO, amount: "1.5" },
          { address: TO2, amount: "2.25" },
          { address: TO, amount: "3" },
        ],
      },
      now: T0,
    });
    const queue = await listApprovalQueue(db(), { merchantId, livemode: true, viewerUserId: users.checker });
    const item = queue.data.find((d) => d.content.id === batch.id)!;
    expect(item.content.payouts.map((p) => [p.address, p.amount])).toEqual([
      [TO.toLowerCase(), "1500000"],
      [TO2.toLowerCase(), "2250000"],
      [TO.toLowerCase(), "3000000"],
    ]);
    expect([item.total, item.createdByViewer, item.content.kind, item.content.token]).toEqual([
      6_750_000n,
      false,
      "batch",
      BASE_USDC,
    ]);
    const digest = approvalDigest(item.content);
    const now = at(300);
    const results = await Promise.allSettled([
      approve(
        { kind: "batch", id: batch.id },
        { userId: users.checker, code: codeOf(users.checker, now), digest, now },
      ),
      approve({ kind: "batch", id: batch.id }, { userId: users.admin, code: codeOf(users.admin, now), digest, now }),
    ]);
    const outcomes = results.map((r) => (r.status === "fulfilled" ? "approved" : (r.reason as { code: string }).code));
    expect(outcomes.sort()).toEqual(["approved", "conflict"]);
    expect(await payoutTransfers()).toBe(transfersBefore + 3);
    expect(await liveUsdc()).toEqual({
      available: before.available - 6_750_000n,
      reserved: before.reserved + 6_750_000n,
    });
    const rows = await db().payout.findMany({ where: { batchId: batch.id }, orderBy: { batchIndex: "asc" } });
    expect(new Set(rows.map((r) => `${r.status} ${r.approvedAt?.toISOString()}`))).toEqual(
      new Set([`queued ${now.toISOString()}`]),
    );
    const audit = await auditOf(batch.id);
    expect(audit).toEqual([
      {
        action: "payout_batch.approved",
        actor: rows[0]!.approvedBy,
        livemode: true,
        targetType: "payout_batch",
        data: { digest, network: "base", asset: "USDC", count: 3, total: "6.75", second_factor: "totp" },
      },
    ]);
    // The approver who lost the race kept their code budget.
    const loser = rows[0]!.approvedBy === users.checker ? users.admin : users.checker;
    expect(await db().userTotp.findUniqueOrThrow({ where: { userId: loser } })).toMatchObject({ failedAttempts: 0 });
  });

  it("a digest of the batch before one of its payouts was cancelled is refused; reject cancels the rest", async () => {
    const batch = await createPayoutBatch(db(), {
      merchantId,
      livemode: true,
      createdBy: users.maker,
      request: {
        network: "base",
        asset: "USDC",
        items: [
          { address: TO, amount: "4" },
          { address: TO2, amount: "6" },
        ],
      },
      now: T0,
    });
    const queue = await listApprovalQueue(db(), { merchantId, livemode: true, viewerUserId: users.maker });
    const item = queue.data.find((d) => d.content.id === batch.id)!;
    expect(item.createdByViewer).toBe(true);
    const digest = approvalDigest(item.content);
    const first = item.content.payouts[0]!.id;
    await db().payout.update({ where: { id: first }, data: { status: "cancelled", cancelledAt: T0 } });
    const now = at(400);
    await expect(
      approve(
        { kind: "batch", id: batch.id },
        { userId: users.checker, code: codeOf(users.checker, now), digest, now },
      ),
    ).rejects.toMatchObject({ code: "approval_content_changed" });
    const reserved = await payoutTransfers();
    expect(
      await inTransaction(db(), (tx) =>
        rejectPending(tx, {
          merchantId,
          livemode: true,
          kind: "batch",
          id: batch.id,
          actor: users.admin,
          reason: "wrong supplier",
          now,
        }),
      ),
    ).toEqual({ count: 1 });
    expect(await payoutTransfers()).toBe(reserved);
    expect((await db().payout.findMany({ where: { batchId: batch.id } })).map((p) => p.status)).toEqual([
      "cancelled",
      "cancelled",
    ]);
    expect(await auditOf(batch.id)).toEqual([
      {
        action: "payout_batch.rejected",
        actor: users.admin,
        livemode: true,
        targetType: "payout_batch",
        data: { network: "base", asset: "USDC", count: 1, total: "6", reason: "wrong supplier" },
      },
    ]);
    const cancelled = await db().event.count({ where: { merchantId, type: "payout.cancelled" } });
    expect(cancelled).toBe(3); // viaKey, q and this batch's second payout (the first was cancelled by hand above)
  });
});

describe("allowlist and auto-approval", () => {
  it("a new live address is usable 24 hours later, owners and admins are told, and auto-approval follows the limit", async () => {
    const added = await withSecondFactor(db(), { userId: users.admin, now: at(500) }, (tx) =>
      addAllowlistEntry(tx, {
        merchantId,
        livemode: true,
        actor: users.admin,
        address: TO2.toLowerCase(),
        label: "Supplier GmbH",
        code: codeOf(users.admin, at(500)),
        now: at(500),
      }),
    );
    const activeAt = new Date(at(500).getTime() + 24 * HOUR);
    expect(added).toMatchObject({
      address: TO2.toLowerCase(),
      label: "Supplier GmbH",
      status: "pending_activation",
      activeAt,
    });
    const notices = await db().notification.findMany({
      where: { merchantId, kind: "payout_allowlist.address_added" },
      select: { userId: true, message: true },
    });
    expect(notices.map((n) => n.userId).sort()).toEqual([users.admin, users.owner].sort());
    expect(notices[0]!.message).toBe(
      `New payout allowlist address ${getAddress(TO2)} ("Supplier GmbH"): payouts to it may be approved automatically ` +
        `from ${activeAt.toISOString()}. If you did not expect this, remove it before then.`,
    );
    // Without a code in live mode: refused, nothing stored.
    await expect(
      withSecondFactor(db(), { userId: users.admin, now: at(501) }, (tx) =>
        addAllowlistEntry(tx, {
          merchantId,
          livemode: true,
          actor: users.admin,
          address: TO,
          label: "x",
          now: at(501),
        }),
      ),
    ).rejects.toMatchObject({ code: "parameter_missing", param: "code" });
    expect(await db().payoutAllowlistEntry.count({ where: { merchantId } })).toBe(1);

    await withSecondFactor(db(), { userId: users.checker, now: at(502) }, (tx) =>
      setAutoApprovalLimit(tx, {
        merchantId,
        livemode: true,
        actor: users.checker,
        network: "base",
        asset: "usdc",
        amount: "25.5",
        code: codeOf(users.checker, at(502)),
        now: at(502),
      }),
    );
    const limit = await db().payoutAutoApprovalLimit.findFirstOrThrow({ where: { merchantId } });
    expect([limit.networkId, limit.asset, limit.amount.toFixed(0)]).toEqual(["base", "USDC", "25500000"]);

    // Before the 24 hours are up: waits for a person.
    const early = await newPayout("25.5", {
      address: TO2,
      createdBy: ownerKeyId,
      now: new Date(activeAt.getTime() - 1000),
    });
    expect(early.status).toBe("pending_approval");
    // At the activation time: under or at the limit approved at creation; over it, or to another address, waits.
    const atLimit = await newPayout("25.5", { address: TO2, createdBy: ownerKeyId, now: activeAt });
    const over = await newPayout("25.500001", { address: TO2, createdBy: ownerKeyId, now: activeAt });
    const elsewhere = await newPayout("1", { address: TO, createdBy: ownerKeyId, now: activeAt });
    expect([atLimit.status, over.status, elsewhere.status]).toEqual(["queued", "pending_approval", "pending_approval"]);
    const row = await db().payout.findUniqueOrThrow({ where: { id: atLimit.id } });
    expect([row.approvedBy, row.approvedAt]).toEqual(["auto", activeAt]);
    const reservation = await db().ledgerTransfer.findUniqueOrThrow({ where: { key: `payout:${atLimit.id}` } });
    expect([reservation.status, reservation.amount.toFixed(0)]).toEqual(["pending", "25500000"]);
    expect(await auditOf(atLimit.id)).toEqual([
      {
        action: "payout.auto_approved",
        actor: ownerKeyId,
        livemode: true,
        targetType: "payout",
        data: { network: "base", asset: "USDC", count: 1, total: "25.5" },
      },
    ]);
    const approvedEvent = await db().event.findFirstOrThrow({
      where: { merchantId, type: "payout.approved", cause: { path: ["payout"], equals: atLimit.id } },
    });
    expect(approvedEvent.cause).toEqual({ payout: atLimit.id, approved_by: "auto" });

    // A batch is approved whole or waits whole.
    const mixed = await createPayoutBatch(db(), {
      merchantId,
      livemode: true,
      createdBy: ownerKeyId,
      request: {
        network: "base",
        asset: "USDC",
        items: [
          { address: TO2, amount: "1" },
          { address: TO, amount: "1" },
        ],
      },
      now: activeAt,
    });
    const allowed = await createPayoutBatch(db(), {
      merchantId,
      livemode: true,
      createdBy: ownerKeyId,
      request: {
        network: "base",
        asset: "USDC",
        items: [
          { address: TO2, amount: "1" },
          { address: TO2, amount: "2" },
        ],
      },
      now: activeAt,
    });
    expect([mixed.status, allowed.status]).toEqual(["pending_approval", "queued"]);

    // Removed: payouts to it wait again.
    await inTransaction(db(), (tx) =>
      removeAllowlistEntry(tx, { id: added.id, merchantId, livemode: true, actor: users.owner, now: activeAt }),
    );
    const afterRemoval = await newPayout("1", { address: TO2, createdBy: ownerKeyId, now: activeAt });
    expect(afterRemoval.status).toBe("pending_approval");
    expect((await auditOf(added.id)).map((a) => [a.action, a.actor, a.data])).toEqual([
      [
        "payout_allowlist.added",
        users.admin,
        { address: getAddress(TO2), label: "Supplier GmbH", active_at: activeAt.toISOString() },
      ],
      ["payout_allowlist.removed", users.owner, { address: getAddress(TO2), label: "Supplier GmbH", was_active: true }],
    ]);
    expect(await auditOf("base/USDC")).toEqual([
      {
        action: "payout_auto_approval_limit.updated",
        actor: users.checker,
        livemode: true,
        targetType: "payout_auto_approval_limit",
        data: { network: "base", asset: "USDC", from: "0", to: "25.5" },
      },
    ]);
  });

  it("test mode: an address is usable at once and needs no code; the limit is live-only", async () => {
    const entry = await inTransaction(db(), (tx) =>
      addAllowlistEntry(tx, {
        merchantId,
        livemode: false,
        actor: users.admin,
        address: TO,
        label: "Test wallet",
        now: T0,
      }),
    );
    expect([entry.status, entry.activeAt]).toEqual(["active", T0]);
    await expect(
      inTransaction(db(), (tx) =>
        addAllowlistEntry(tx, {
          merchantId,
          livemode: false,
          actor: users.admin,
          address: TO.toLowerCase(),
          label: "Again",
          now: T0,
        }),
      ),
    ).rejects.toMatchObject({ code: "conflict", param: "address" });
    await expect(
      inTransaction(db(), (tx) =>
        addAllowlistEntry(tx, {
          merchantId,
          livemode: false,
          actor: users.admin,
          address: "0x1234",
          label: "Bad",
          now: T0,
        }),
      ),
    ).rejects.toMatchObject({ code: "parameter_invalid", param: "address" });
    await expect(
      inTransaction(db(), (tx) =>
        setAutoApprovalLimit(tx, {
          merchantId,
          livemode: false,
          actor: users.admin,
          network: "devnet",
          asset: "USDC",
          amount: "1",
          code: "000000",
          now: T0,
        }),
      ),
    ).rejects.toMatchObject({ code: "conflict" });
  });
});
