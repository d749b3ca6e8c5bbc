// Issue 16, item 9: API keys no longer bypass roles. Restricted keys (rk_) hold scopes and every route
// requires one (403 insufficient_scope); a member creates only keys their role covers; keys show their
// creator; removing a member lists their keys and revokes the chosen ones.
import { describe, expect, it } from "vitest";
import { GET as listBalances } from "@/app/api/v1/balances/route";
import { GET as listInvoices, POST as createInvoice } from "@/app/api/v1/invoices/route";
import { GET as listNetworks } from "@/app/api/v1/networks/route";
import { POST as createEndpoint } from "@/app/api/v1/webhook_endpoints/route";
import { signUp } from "@/server/accounts/sign-up";
import { createCaller } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import type { Role } from "@/server/auth/permissions";
import { db } from "@/server/db";
import { newId, randomBase62 } from "@/server/ids";
import { apiRequest, params } from "@/test/fixtures";

const noParams = params({});

async function merchantWith(role: Role) {
  const ownerEmail = `owner-${randomBase62(8).toLowerCase()}@example.com`;
  const owner = await signUp(db(), {
    name: "Owner",
    email: ownerEmail,
    password: "long enough password",
    businessName: "Scopes shop",
  });
  const userId = newId("usr");
  const email = `${role}-${randomBase62(8).toLowerCase()}@example.com`;
  await db().user.create({ data: { id: userId, email, name: `The ${role}`, passwordHash: "unused" } });
  const membership = await db().membership.create({
    data: { id: newId("mem"), userId, merchantId: owner.merchantId, role },
  });
  const as = async (who: { userId: string; email: string }) =>
    createCaller(
      await createTRPCContext({ headers: new Headers(), session: { userId: who.userId, email: who.email } }),
    );
  return {
    merchantId: owner.merchantId,
    owner: await as({ userId: owner.userId, email: ownerEmail }),
    member: await as({ userId, email }),
    memberUser: { userId, email },
    membershipId: membership.id,
  };
}

const scope = (merchantId: string) => ({ merchantId, livemode: false });

describe("restricted API keys", () => {
  it("a restricted key calls only the routes its scopes cover; elsewhere a 403 insufficient_scope", async () => {
    const m = await merchantWith("developer");
    const created = await m.owner.apiKeys.create({ ...scope(m.merchantId), name: "reader", scopes: ["invoices:read"] });
    expect(created.key).toMatch(/^rk_test_[0-9A-Za-z]{32}$/);
    expect(created.scopes).toEqual(["invoices:read"]);
    const key = created.key;
    expect((await listInvoices(apiRequest("GET", "/api/v1/invoices", { key }), noParams)).status).toBe(200);
    const refused = await createInvoice(
      apiRequest("POST", "/api/v1/invoices", { key, body: { amount: "1", currency: "USDC" } }),
      noParams,
    );
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: {
        type: "permission_error",
        code: "insufficient_scope",
        message: "This API key is restricted and lacks the `invoices:write` scope this request needs.",
      },
    });
    expect((await listBalances(apiRequest("GET", "/api/v1/balances", { key }), noParams)).status).toBe(403);
    expect(await db().invoice.count({ where: { merchantId: m.merchantId } })).toBe(0);
  });

  it("`read` covers every read scope and no write; `invoices:write` covers invoices:read", async () => {
    const m = await merchantWith("developer");
    const { key: reader } = await m.owner.apiKeys.create({
      ...scope(m.merchantId),
      name: "read all",
      scopes: ["read"],
    });
    expect((await listBalances(apiRequest("GET", "/api/v1/balances", { key: reader }), noParams)).status).toBe(200);
    expect((await listNetworks(apiRequest("GET", "/api/v1/networks", { key: reader }), noParams)).status).toBe(200);
    const write = await createEndpoint(
      apiRequest("POST", "/api/v1/webhook_endpoints", {
        key: reader,
        body: { url: "https://93.184.215.14/h", events: ["*"] },
      }),
      noParams,
    );
    expect(write.status).toBe(403);
    expect((await write.json()).error.message).toBe(
      "This API key is restricted and lacks the `webhooks:write` scope this request needs.",
    );
    const { key: writer } = await m.owner.apiKeys.create({
      ...scope(m.merchantId),
      name: "invoicing",
      scopes: ["invoices:write"],
    });
    expect(
      (
        await createInvoice(
          apiRequest("POST", "/api/v1/invoices", { key: writer, body: { amount: "1", currency: "USDC" } }),
          noParams,
        )
      ).status,
    ).toBe(201);
    expect((await listInvoices(apiRequest("GET", "/api/v1/invoices", { key: writer }), noParams)).status).toBe(200);
  });

  it("a member creates only keys their role covers: a developer gets no secret key and no exports scope", async () => {
    const m = await merchantWith("developer");
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (e: { code?: string; message?: string }) => `${e.code}: ${e.message}`,
      );
    expect(await codeOf(m.member.apiKeys.create({ ...scope(m.merchantId), name: "full" }))).toBe(
      "FORBIDDEN: Your role (developer) cannot create this key: it would need invoices:cancel, invoices:resolve, exports:read, reconciliation:read, payouts:write, withdrawals:write, which your role does not hold.",
    );
    expect(
      await codeOf(m.member.apiKeys.create({ ...scope(m.merchantId), name: "exports", scopes: ["exports:read"] })),
    ).toBe(
      "FORBIDDEN: Your role (developer) cannot create this key: it would need exports:read, which your role does not hold.",
    );
    expect(
      await codeOf(
        m.member.apiKeys.create({ ...scope(m.merchantId), name: "hooks", scopes: ["webhooks:write", "invoices:read"] }),
      ),
    ).toBe("ok");
    expect(await codeOf(m.owner.apiKeys.create({ ...scope(m.merchantId), name: "owner full" }))).toBe("ok");
    expect(await db().apiKey.count({ where: { merchantId: m.merchantId } })).toBe(2);
  });

  it("keys show their creator; removing a member lists their active keys and revokes the chosen ones", async () => {
    const m = await merchantWith("developer");
    const kept = await m.member.apiKeys.create({ ...scope(m.merchantId), name: "kept", scopes: ["invoices:read"] });
    const doomed = await m.member.apiKeys.create({ ...scope(m.merchantId), name: "doomed", scopes: ["webhooks:read"] });
    await m.owner.apiKeys.create({ ...scope(m.merchantId), name: "owner's" });

    const listed = await m.owner.apiKeys.list({ ...scope(m.merchantId), limit: 10 });
    expect(listed.data.map((k) => [k.name, k.scopes, k.createdBy?.email, k.createdBy?.isMember])).toEqual([
      ["owner's", null, expect.stringMatching(/^owner-/), true],
      ["doomed", ["webhooks:read"], m.memberUser.email, true],
      ["kept", ["invoices:read"], m.memberUser.email, true],
    ]);

    const theirs = await m.owner.team.memberApiKeys({ ...scope(m.merchantId), membershipId: m.membershipId });
    expect(theirs.map((k) => k.name).sort()).toEqual(["doomed", "kept"]);
    await m.owner.team.remove({ ...scope(m.merchantId), membershipId: m.membershipId, revokeApiKeyIds: [doomed.id] });

    expect((await listInvoices(apiRequest("GET", "/api/v1/invoices", { key: doomed.key }), noParams)).status).toBe(401);
    expect((await listInvoices(apiRequest("GET", "/api/v1/invoices", { key: kept.key }), noParams)).status).toBe(200);
    const after = await m.owner.apiKeys.list({ ...scope(m.merchantId), limit: 10 });
    expect(after.data.map((k) => [k.name, k.revokedAt !== null, k.createdBy?.isMember])).toEqual([
      ["owner's", false, true],
      ["doomed", true, false],
      ["kept", false, false],
    ]);
    const audit = await db().auditLog.findMany({ where: { merchantId: m.merchantId, action: "api_key.revoked" } });
    expect(audit.map((a) => a.targetId)).toEqual([doomed.id]);
  });
});
