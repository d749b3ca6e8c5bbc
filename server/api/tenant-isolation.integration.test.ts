// Tenant isolation and roles across EVERY tRPC procedure: the router's procedure list is iterated, so
// a procedure added later without an entry here fails the first test until someone decides how it is
// attacked. Calls go through the real context (an encrypted next-auth session cookie), the real
// middleware and the real database.
import { createHash } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { signUp } from "@/server/accounts/sign-up";
import { createApiKey } from "@/server/auth/api-keys";
import { authSecret, sessionCookieName } from "@/server/auth/auth-config";
import { can, roles, type Role } from "@/server/auth/permissions";
import { db, inTransaction } from "@/server/db";
import { newId, randomBase62 } from "@/server/ids";
import { cancelInvoice } from "@/server/invoices/cancel-invoice";
import { createInvoice } from "@/server/invoices/create-invoice";
import { createCustomer } from "@/server/customers/create-customer";
import { createSchedule } from "@/server/schedules/create-schedule";
import { createInvitation } from "@/server/team/create-invitation";
import { createWebhookEndpoint } from "@/server/webhooks/create-webhook-endpoint";
import { appRouter, createCaller } from "./root";
import { createTRPCContext, type ProcedureMeta } from "./trpc";

interface Account {
  userId: string;
  email: string;
  merchantId: string;
}

/** Objects of merchant B that A's user must never reach. */
interface Foreign {
  merchantId: string;
  invoiceId: string;
  apiKeyId: string;
  invitationId: string;
  membershipId: string;
  endpointId: string;
  eventId: string;
  deliveryId: string;
  scheduleId: string;
  payoutId: string;
  payoutBatchId: string;
  allowlistEntryId: string;
  participantId: string;
  customerId: string;
}

type Input = Record<string, unknown>;
type Attack = { foreignIds?: (own: Input, b: Foreign) => Input; foreignScope: (b: Foreign) => Input; read?: boolean };

const list = { limit: 5 };
const scopeOf = (merchantId: string) => ({ merchantId, livemode: false });
/** A valid one-row payouts CSV: B's scope must refuse it before it is even read. */
const PAYOUT_CSV = "address,amount,reference\n0x52908400098527886E0F7030069857D2E4169EE7,1.00,attack\n";

/**
 * How each merchant procedure is attacked: with A's own scope and B's object ids (`foreignIds`, when it
 * takes an id), and with B's scope (`foreignScope`, for every merchant procedure).
 */
const merchantAttacks: Record<string, Attack> = {
  "invoices.list": {
    foreignIds: (own, b) => ({ ...own, ...list, starting_after: b.invoiceId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), ...list }),
    read: true,
  },
  "invoices.get": {
    foreignIds: (own, b) => ({ ...own, id: b.invoiceId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), id: b.invoiceId }),
  },
  "invoices.events": {
    foreignIds: (own, b) => ({ ...own, ...list, id: b.invoiceId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), ...list, id: b.invoiceId }),
  },
  "invoices.deliveries": {
    foreignIds: (own, b) => ({ ...own, ...list, id: b.invoiceId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), ...list, id: b.invoiceId }),
  },
  "invoices.reviewContext": {
    foreignIds: (own, b) => ({ ...own, id: b.invoiceId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), id: b.invoiceId }),
  },
  "schedules.list": {
    foreignIds: (own, b) => ({ ...own, ...list, starting_after: b.scheduleId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), ...list }),
    read: true,
  },
  ...Object.fromEntries(
    ["get", "pause", "resume", "cancel", "advance"].map((name) => [
      `schedules.${name}`,
      {
        foreignIds: (own: Input, b: Foreign) => ({ ...own, id: b.scheduleId }),
        foreignScope: (b: Foreign) => ({ ...scopeOf(b.merchantId), id: b.scheduleId }),
      },
    ]),
  ),
  "schedules.runs": {
    foreignIds: (own, b) => ({ ...own, ...list, id: b.scheduleId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), ...list, id: b.scheduleId }),
  },
  "invoices.create": { foreignScope: (b) => ({ ...scopeOf(b.merchantId), amount: "1.00", currency: "USDC" }) },
  "invoices.cancel": {
    foreignIds: (own, b) => ({ ...own, id: b.invoiceId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), id: b.invoiceId }),
  },
  "invoices.resolve": {
    foreignIds: (own, b) => ({ ...own, id: b.invoiceId, resolution: { action: "close", note: "attack" } }),
    foreignScope: (b) => ({
      ...scopeOf(b.merchantId),
      id: b.invoiceId,
      resolution: { action: "close", note: "attack" },
    }),
  },
  "apiKeys.list": {
    foreignIds: (own, b) => ({ ...own, ...list, starting_after: b.apiKeyId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), ...list }),
  },
  "apiKeys.create": { foreignScope: (b) => ({ ...scopeOf(b.merchantId), name: "attack" }) },
  "apiKeys.revoke": {
    foreignIds: (own, b) => ({ ...own, id: b.apiKeyId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), id: b.apiKeyId }),
  },
  "settings.get": { foreignScope: (b) => scopeOf(b.merchantId) },
  "settings.update": {
    foreignScope: (b) => ({
      ...scopeOf(b.merchantId),
      settings: {
        name: "Hijacked",
        supportEmail: null,
        logoUrl: null,
        accentColor: null,
        defaultExpirySeconds: 60,
        underpaymentToleranceKind: "none",
        underpaymentToleranceValue: "0",
      },
    }),
  },
  "settings.networks": { foreignScope: (b) => scopeOf(b.merchantId) },
  "team.members": {
    foreignIds: (own, b) => ({ ...own, ...list, starting_after: b.membershipId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), ...list }),
  },
  "team.invitations": {
    foreignIds: (own, b) => ({ ...own, ...list, starting_after: b.invitationId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), ...list }),
  },
  "team.invite": { foreignScope: (b) => ({ ...scopeOf(b.merchantId), email: "intruder@example.com", role: "owner" }) },
  "team.revokeInvitation": {
    foreignIds: (own, b) => ({ ...own, id: b.invitationId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), id: b.invitationId }),
  },
  "team.changeRole": {
    foreignIds: (own, b) => ({ ...own, membershipId: b.membershipId, role: "viewer" }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), membershipId: b.membershipId, role: "viewer" }),
  },
  "team.remove": {
    foreignIds: (own, b) => ({ ...own, membershipId: b.membershipId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), membershipId: b.membershipId }),
  },
  "team.memberApiKeys": {
    foreignIds: (own, b) => ({ ...own, membershipId: b.membershipId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), membershipId: b.membershipId }),
  },
  "audit.list": { foreignScope: (b) => ({ ...scopeOf(b.merchantId), ...list }) },
  "overview.stats": { foreignScope: (b) => ({ ...scopeOf(b.merchantId), days: 30 }) },
  "ledger.balances": { foreignScope: (b) => scopeOf(b.merchantId) },
  "ledger.transactions": { foreignScope: (b) => ({ ...scopeOf(b.merchantId), ...list }) },
  "ledger.reconciliation": { foreignScope: (b) => scopeOf(b.merchantId) },
  "withdrawals.wallets": { foreignScope: (b) => scopeOf(b.merchantId) },
  "withdrawals.rules": { foreignScope: (b) => scopeOf(b.merchantId) },
  "withdrawals.withdrawals": { foreignScope: (b) => ({ ...scopeOf(b.merchantId), ...list }) },
  "withdrawals.createRule": {
    foreignScope: (b) => ({
      ...scopeOf(b.merchantId),
      network: "devnet",
      asset: "USDC",
      address: "0x52908400098527886E0F7030069857D2E4169EE7",
      threshold: "100",
    }),
  },
  "withdrawals.deleteRule": { foreignScope: (b) => ({ ...scopeOf(b.merchantId), id: "aw_none" }) },
  "payouts.list": {
    foreignIds: (own, b) => ({ ...own, ...list, starting_after: b.payoutId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), ...list }),
    read: true,
  },
  ...Object.fromEntries(
    ["get", "events"].map((name) => [
      `payouts.${name}`,
      {
        foreignIds: (own: Input, b: Foreign) => ({ ...own, id: b.payoutId }),
        foreignScope: (b: Foreign) => ({ ...scopeOf(b.merchantId), id: b.payoutId }),
      },
    ]),
  ),
  "payouts.batch": {
    foreignIds: (own, b) => ({ ...own, id: b.payoutBatchId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), id: b.payoutBatchId }),
  },
  "payouts.create": {
    foreignScope: (b) => ({
      ...scopeOf(b.merchantId),
      network: "devnet",
      asset: "USDC",
      amount: "1.00",
      address: "0x52908400098527886E0F7030069857D2E4169EE7",
      idempotencyKey: "attack-payout-1",
    }),
  },
  "payouts.previewCsv": {
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), network: "devnet", asset: "USDC", csv: PAYOUT_CSV }),
  },
  "payouts.createBatchFromCsv": {
    foreignScope: (b) => ({
      ...scopeOf(b.merchantId),
      network: "devnet",
      asset: "USDC",
      csv: PAYOUT_CSV,
      digest: createHash("sha256").update(PAYOUT_CSV).digest("hex"),
      idempotencyKey: "attack-batch-1",
    }),
  },
  "refunds.forInvoice": {
    foreignIds: (own, b) => ({ ...own, invoice: b.invoiceId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), invoice: b.invoiceId }),
  },
  "refunds.create": {
    foreignIds: (own, b) => ({ ...own, invoice: b.invoiceId, idempotencyKey: "attack-refund-1" }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), invoice: b.invoiceId, idempotencyKey: "attack-refund-2" }),
  },
  "refunds.cancel": { foreignScope: (b) => ({ ...scopeOf(b.merchantId), id: "re_none" }) },
  "refunds.newClaimLink": { foreignScope: (b) => ({ ...scopeOf(b.merchantId), id: "re_none" }) },
  "approvals.queue": { foreignScope: (b) => scopeOf(b.merchantId), read: true },
  "approvals.approve": {
    foreignIds: (own, b) => ({ ...own, kind: "payout", id: b.payoutId, digest: `0x${"0".repeat(64)}`, code: "123456" }),
    foreignScope: (b) => ({
      ...scopeOf(b.merchantId),
      kind: "payout",
      id: b.payoutId,
      digest: `0x${"0".repeat(64)}`,
      code: "123456",
    }),
  },
  "approvals.reject": {
    foreignIds: (own, b) => ({ ...own, kind: "batch", id: b.payoutBatchId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), kind: "batch", id: b.payoutBatchId }),
  },
  "approvals.allowlist": { foreignScope: (b) => scopeOf(b.merchantId), read: true },
  "approvals.addAllowlistEntry": {
    foreignScope: (b) => ({
      ...scopeOf(b.merchantId),
      address: "0x52908400098527886E0F7030069857D2E4169EE7",
      label: "x",
    }),
  },
  "approvals.removeAllowlistEntry": {
    foreignIds: (own, b) => ({ ...own, id: b.allowlistEntryId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), id: b.allowlistEntryId }),
  },
  "approvals.limits": { foreignScope: (b) => scopeOf(b.merchantId), read: true },
  "approvals.setLimit": {
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), network: "devnet", asset: "USDC", amount: "1", code: "123456" }),
  },
  "customers.list": {
    foreignIds: (own, b) => ({ ...own, ...list, starting_after: b.customerId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), ...list }),
    read: true,
  },
  "customers.get": {
    foreignIds: (own, b) => ({ ...own, id: b.customerId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), id: b.customerId }),
  },
  "customers.deposits": {
    foreignIds: (own, b) => ({ ...own, ...list, id: b.customerId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), ...list, id: b.customerId }),
  },
  "participants.list": {
    foreignIds: (own, b) => ({ ...own, ...list, starting_after: b.participantId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), ...list }),
    read: true,
  },
  "participants.get": {
    foreignIds: (own, b) => ({ ...own, id: b.participantId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), id: b.participantId }),
  },
  "webhooks.list": {
    foreignIds: (own, b) => ({ ...own, ...list, starting_after: b.endpointId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), ...list }),
  },
  "webhooks.get": {
    foreignIds: (own, b) => ({ ...own, id: b.endpointId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), id: b.endpointId }),
  },
  "webhooks.create": {
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), url: "http://127.0.0.1:9/attack", events: ["*"] }),
  },
  "webhooks.update": {
    foreignIds: (own, b) => ({ ...own, id: b.endpointId, changes: { url: "http://127.0.0.1:9/attack" } }),
    foreignScope: (b) => ({
      ...scopeOf(b.merchantId),
      id: b.endpointId,
      changes: { url: "http://127.0.0.1:9/attack" },
    }),
  },
  "webhooks.delete": {
    foreignIds: (own, b) => ({ ...own, id: b.endpointId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), id: b.endpointId }),
  },
  "webhooks.rotateSecret": {
    foreignIds: (own, b) => ({ ...own, id: b.endpointId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), id: b.endpointId }),
  },
  "webhooks.revealSecret": {
    foreignIds: (own, b) => ({ ...own, id: b.endpointId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), id: b.endpointId }),
  },
  "webhooks.deliveries": {
    foreignIds: (own, b) => ({ ...own, ...list, id: b.endpointId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), ...list, id: b.endpointId }),
  },
  "webhooks.resend": {
    foreignIds: (own, b) => ({ ...own, id: b.endpointId, deliveryId: b.deliveryId }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), id: b.endpointId, deliveryId: b.deliveryId }),
  },
  "webhooks.sendTest": {
    foreignIds: (own, b) => ({ ...own, id: b.endpointId, type: "invoice.paid" }),
    foreignScope: (b) => ({ ...scopeOf(b.merchantId), id: b.endpointId, type: "invoice.paid" }),
  },
};

/**
 * Procedures that are not merchant-scoped, each with why it is safe and how it is checked. (The hosted
 * page is not tRPC: it reads an invoice by its unguessable id, by design; see pages/pay/[id].tsx.)
 */
const otherProcedures: Record<string, (call: Caller, b: Foreign) => Promise<unknown>> = {
  "account.me": (call) => call("account.me", undefined),
  "account.signUp": async () => "creates a new, separate account: touches no existing merchant",
  "account.createMerchant": async () => "creates a new merchant owned by the caller: touches no existing merchant",
  "account.signOutEverywhere": async () => "ends the caller's own sessions: takes no merchant or user id",
  "account.emailVerification": async () => "reads the caller's own address and its state: takes no user id",
  "account.sendVerificationLink": async () => "sends the caller's own link to its own address: takes no user id",
  "account.verifyEmail": async () =>
    "takes only a random token, whose holder is the proof (server/accounts/email-verification.integration.test.ts)",
  "account.invitation": (call, b) => call("account.invitation", { token: b.invitationId.replace(/_/g, "") }),
  "account.acceptInvitation": (call, b) =>
    call("account.acceptInvitation", { token: b.invitationId.replace(/_/g, "") }),
  "security.totpStatus": (call) => call("security.totpStatus", undefined),
  "security.startTotp": async () => "makes a new secret for the caller's own second factor: takes no user id",
  "security.confirmTotp": async () => "confirms the caller's own pending second factor with a code: takes no user id",
  "security.disableTotp": async () =>
    "turns off the caller's own second factor with its code: takes no user id (server/approvals/approvals.integration.test.ts)",
};

type Caller = (path: string, input: unknown) => Promise<unknown>;

async function sessionCookie(account: Pick<Account, "userId" | "email">): Promise<string> {
  const token = await encode({
    token: { sub: account.userId, email: account.email, sv: 0, sia: Math.floor(Date.now() / 1000) },
    secret: authSecret(),
    maxAge: 3600,
  });
  return `${sessionCookieName()}=${token}`;
}

async function callerFor(account: Pick<Account, "userId" | "email">): Promise<Caller> {
  const ctx = await createTRPCContext({ headers: new Headers({ cookie: await sessionCookie(account) }) });
  const caller = createCaller(ctx) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  return (path, input) => {
    const [router, procedure] = path.split(".") as [string, string];
    return caller[router]![procedure]!(input);
  };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    const result = await promise;
    return `resolved with ${JSON.stringify(result).slice(0, 200)}`;
  } catch (error) {
    return error instanceof TRPCError ? error.code : `threw ${String(error)}`;
  }
}

const procedurePaths = () => Object.keys(appRouter._def.procedures as Record<string, unknown>).sort();
const metaOf = (path: string) =>
  (appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureMeta } }>)[path]!._def.meta ?? {};

async function newAccount(label: string): Promise<Account> {
  const email = `${label}-${randomBase62(8).toLowerCase()}@example.com`;
  const { userId, merchantId } = await signUp(db(), {
    name: label,
    email,
    password: "correct horse battery",
    businessName: `${label} shop`,
  });
  return { userId, email, merchantId };
}

let a: Account;
let b: Account;
let foreign: Foreign;
let endpointSecretBefore: string;

beforeAll(async () => {
  a = await newAccount("alice");
  b = await newAccount("bob");
  const invoice = await inTransaction(db(), (tx) =>
    createInvoice(tx, {
      merchantId: b.merchantId,
      livemode: false,
      request: { amount: "25.00", currency: "USDC", order_id: "b-order" },
    }),
  );
  const key = await inTransaction(db(), (tx) =>
    createApiKey(tx, { merchantId: b.merchantId, livemode: false, name: "b key" }),
  );
  const invitation = await inTransaction(db(), (tx) =>
    createInvitation(tx, {
      merchantId: b.merchantId,
      actor: b.userId,
      actorRole: "owner",
      request: { email: "carol@example.com", role: "developer" },
    }),
  );
  const endpoint = await inTransaction(db(), (tx) =>
    createWebhookEndpoint(tx, {
      merchantId: b.merchantId,
      livemode: false,
      request: { url: "http://127.0.0.1:9/hook", events: ["*"] },
    }),
  );
  const membership = await db().membership.findFirstOrThrow({ where: { merchantId: b.merchantId, userId: b.userId } });
  // An event after the endpoint exists, so that it has a delivery.
  await inTransaction(db(), (tx) =>
    cancelInvoice(tx, { id: invoice.id, merchantId: b.merchantId, livemode: false, actor: b.userId, now: new Date() }),
  );
  const delivery = await db().webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
  endpointSecretBefore = (await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).secretEncrypted;
  foreign = {
    merchantId: b.merchantId,
    invoiceId: invoice.id,
    apiKeyId: key.id,
    invitationId: invitation.id,
    membershipId: membership.id,
    endpointId: endpoint.id,
    eventId: delivery.eventId,
    deliveryId: delivery.id,
    scheduleId: (
      await createSchedule(db(), {
        merchantId: b.merchantId,
        livemode: false,
        request: { amount: "9.00", currency: "USDC", interval: "month" },
      })
    ).id,
    ...(await approvalObjectsOf(b.merchantId)),
    customerId: (
      await createCustomer(db(), { merchantId: b.merchantId, livemode: false, request: { reference: "b-customer" } })
    ).id,
    participantId: (
      await db().participant.create({
        data: {
          id: `prt_${randomBase62(22)}`,
          merchantId: b.merchantId,
          livemode: false,
          reference: "b-seller",
          name: "B's seller",
          address: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
        },
      })
    ).id,
  };
});

/** A payout waiting for approval, a batch of one, and an allowlist entry of the merchant (rows as the domain writes them). */
async function approvalObjectsOf(merchantId: string) {
  const payoutBatchId = newId("pob");
  const common = {
    merchantId,
    livemode: false,
    networkId: "devnet",
    asset: "USDC",
    decimals: 6,
    createdBy: "usr_maker",
  };
  await db().payoutBatch.create({ data: { id: payoutBatchId, ...common, total: "2000000", count: 1 } });
  const address = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
  const payoutId = newId("po");
  await db().payout.createMany({
    data: [
      { id: payoutId, ...common, status: "pending_approval", amount: "1000000", address },
      {
        id: newId("po"),
        ...common,
        status: "pending_approval",
        amount: "2000000",
        address,
        batchId: payoutBatchId,
        batchIndex: 0,
      },
    ],
  });
  const allowlistEntryId = newId("pal");
  await db().payoutAllowlistEntry.create({
    data: {
      id: allowlistEntryId,
      merchantId,
      livemode: false,
      address,
      label: "B's supplier",
      activeAt: new Date(),
      currentSlot: `${merchantId}/test/${address}`,
      createdBy: "usr_b",
    },
  });
  return { payoutId, payoutBatchId, allowlistEntryId };
}

describe("tenant isolation over every tRPC procedure", () => {
  it("every procedure has an attack (or a stated reason) in this file", () => {
    const covered = new Set([...Object.keys(merchantAttacks), ...Object.keys(otherProcedures)]);
    expect(procedurePaths().filter((p) => !covered.has(p))).toEqual([]);
    // And every merchant procedure declares the permission it checks.
    expect(procedurePaths().filter((p) => merchantAttacks[p] && !metaOf(p).permission)).toEqual([]);
  });

  it("a user of merchant A gets FORBIDDEN for every merchant procedure scoped to merchant B", async () => {
    const call = await callerFor(a);
    const results: Record<string, string> = {};
    for (const [path, attack] of Object.entries(merchantAttacks))
      results[path] = await refusal(call(path, attack.foreignScope(foreign)));
    expect(results).toEqual(Object.fromEntries(Object.keys(merchantAttacks).map((p) => [p, "FORBIDDEN"])));
  });

  it("a user of merchant A gets NOT_FOUND when naming merchant B's objects in A's own scope", async () => {
    const call = await callerFor(a);
    const results: Record<string, string> = {};
    const withIds = Object.entries(merchantAttacks).filter(([, attack]) => attack.foreignIds);
    for (const [path, attack] of withIds)
      results[path] = await refusal(call(path, attack.foreignIds!(scopeOf(a.merchantId), foreign)));
    expect(results).toEqual(Object.fromEntries(withIds.map(([p]) => [p, "NOT_FOUND"])));
  });

  it("the account procedures show A nothing of B and accept none of B's invitation ids", async () => {
    const call = await callerFor(a);
    const outcomes: Record<string, string> = {};
    for (const [path, check] of Object.entries(otherProcedures)) {
      try {
        const result = await check(call, foreign);
        const json = JSON.stringify(result);
        outcomes[path] = Object.values(foreign).some((id) => json.includes(id)) ? `LEAKED ${json.slice(0, 200)}` : "ok";
      } catch (error) {
        outcomes[path] = error instanceof TRPCError ? error.code : String(error);
      }
    }
    expect(outcomes).toEqual({
      "account.me": "ok",
      "account.signUp": "ok",
      "account.createMerchant": "ok",
      "account.signOutEverywhere": "ok",
      "account.emailVerification": "ok",
      "account.sendVerificationLink": "ok",
      "account.verifyEmail": "ok",
      "account.invitation": "NOT_FOUND",
      "account.acceptInvitation": "NOT_FOUND",
      "security.totpStatus": "ok",
      "security.startTotp": "ok",
      "security.confirmTotp": "ok",
      "security.disableTotp": "ok",
    });
    const me = (await call("account.me", undefined)) as { merchants: { id: string }[] };
    expect(me.merchants.map((m) => m.id)).toEqual([a.merchantId]);
  });

  it("after every attack, merchant B's objects are exactly as they were", async () => {
    const [invoice, key, invitation, membership, merchant, endpoint] = await Promise.all([
      db().invoice.findUniqueOrThrow({ where: { id: foreign.invoiceId } }),
      db().apiKey.findUniqueOrThrow({ where: { id: foreign.apiKeyId } }),
      db().invitation.findUniqueOrThrow({ where: { id: foreign.invitationId } }),
      db().membership.findUniqueOrThrow({ where: { id: foreign.membershipId } }),
      db().merchant.findUniqueOrThrow({ where: { id: foreign.merchantId } }),
      db().webhookEndpoint.findUniqueOrThrow({ where: { id: foreign.endpointId } }),
    ]);
    expect(invoice.status).toBe("cancelled");
    expect(key.revokedAt).toBeNull();
    expect(invitation.revokedAt).toBeNull();
    expect(membership.role).toBe("owner");
    expect(merchant.name).toBe("bob shop");
    expect(endpoint).toMatchObject({
      enabled: true,
      deletedAt: null,
      url: "http://127.0.0.1:9/hook",
      secretEncrypted: endpointSecretBefore,
      previousSecretEncrypted: null,
    });
    expect(await db().event.count({ where: { merchantId: foreign.merchantId } })).toBe(2);
    expect(await db().apiKey.count({ where: { merchantId: foreign.merchantId } })).toBe(1);
    expect(await db().invitation.count({ where: { merchantId: foreign.merchantId } })).toBe(1);
    expect(await db().invoice.count({ where: { merchantId: foreign.merchantId } })).toBe(1);
    const payouts = await db().payout.findMany({ where: { merchantId: foreign.merchantId }, select: { status: true } });
    expect(payouts.map((p) => p.status)).toEqual(["pending_approval", "pending_approval"]);
    expect(await db().payoutBatch.count({ where: { merchantId: foreign.merchantId } })).toBe(1);
    expect(await db().ledgerTransfer.count({ where: { merchantId: foreign.merchantId } })).toBe(0);
    expect(
      await db().payoutAllowlistEntry.findMany({
        where: { merchantId: foreign.merchantId },
        select: { id: true, currentSlot: true },
      }),
    ).toEqual([{ id: foreign.allowlistEntryId, currentSlot: expect.any(String) }]);
    expect(await db().payoutAutoApprovalLimit.count({ where: { merchantId: foreign.merchantId } })).toBe(0);
  });

  it("without a session every merchant procedure is UNAUTHORIZED", async () => {
    const call = createCaller(await createTRPCContext({ headers: new Headers() })) as unknown as Record<
      string,
      Record<string, (input: unknown) => Promise<unknown>>
    >;
    const results: Record<string, string> = {};
    for (const [path, attack] of Object.entries(merchantAttacks)) {
      const [r, p] = path.split(".") as [string, string];
      results[path] = await refusal(call[r]![p]!(attack.foreignScope(foreign)));
    }
    expect(results).toEqual(Object.fromEntries(Object.keys(merchantAttacks).map((p) => [p, "UNAUTHORIZED"])));
  });

  it("a forged or expired session cookie is no session", async () => {
    const forged = await encode({
      token: { sub: b.userId, email: b.email },
      secret: "another-secret-another-secret-0123",
      maxAge: 3600,
    });
    const expired = await encode({ token: { sub: b.userId, email: b.email }, secret: authSecret(), maxAge: -60 });
    for (const token of [forged, expired, "garbage"]) {
      const ctx = await createTRPCContext({ headers: new Headers({ cookie: `${sessionCookieName()}=${token}` }) });
      expect(ctx.session).toBeNull();
    }
  });
});

describe("roles over every merchant procedure", () => {
  it("each role is refused (FORBIDDEN) exactly the procedures its permissions do not cover", async () => {
    // One member per role in merchant A, besides its owner.
    const members: Record<Role, Caller> = {} as Record<Role, Caller>;
    for (const role of roles) {
      const email = `${role}-${randomBase62(8).toLowerCase()}@example.com`;
      const userId = newId("usr");
      await db().user.create({ data: { id: userId, email, passwordHash: "unused" } });
      await db().membership.create({ data: { id: newId("mem"), userId, merchantId: a.merchantId, role } });
      members[role] = await callerFor({ userId, email });
    }
    const refusedFor: Record<string, Role[]> = {};
    const expected: Record<string, Role[]> = {};
    for (const [path, attack] of Object.entries(merchantAttacks)) {
      const permission = metaOf(path).permission!;
      expected[path] = roles.filter((r) => !can(r, permission));
      refusedFor[path] = [];
      // Inputs that cannot succeed for anyone (foreign ids, or B's scope for invitations…) would hide the
      // permission check behind NOT_FOUND; only FORBIDDEN counts here, and the permission check runs first.
      const input = attack.foreignIds
        ? attack.foreignIds(scopeOf(a.merchantId), foreign)
        : { ...attack.foreignScope(foreign), merchantId: a.merchantId };
      for (const role of expected[path]!) {
        if ((await refusal(members[role](path, input))) === "FORBIDDEN") refusedFor[path]!.push(role);
      }
    }
    expect(refusedFor).toEqual(expected);
  });
});
