// Webhook URLs reach dashboard roles without `webhooks:read` only masked: through the real tRPC
// procedure, the real database and a delivery written by invoice creation.
import { describe, expect, it } from "vitest";
import { signUp } from "@/server/accounts/sign-up";
import { createCaller } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import type { Role } from "@/server/auth/permissions";
import { db, inTransaction } from "@/server/db";
import { newId, randomBase62 } from "@/server/ids";
import { createInvoice } from "@/server/invoices/create-invoice";

const SECRET_URL = "https://hooks.internal-billing.example/t/0123456789abcdef";

async function setUp() {
  const email = `owner-${randomBase62(8).toLowerCase()}@example.com`;
  const { slug } = await signUp(db(), {
    name: "Owner",
    email,
    password: "correct horse battery staple",
    businessName: "Shop",
  });
  const merchant = await db().merchant.findUniqueOrThrow({ where: { slug } });
  // Written directly: the URL is what a merchant may have saved before credentials were refused.
  const endpoint = await db().webhookEndpoint.create({
    data: {
      id: newId("we"),
      merchantId: merchant.id,
      livemode: false,
      url: SECRET_URL,
      events: ["*"],
      secretEncrypted: "unused",
    },
  });
  const invoice = await inTransaction(db(), (tx) =>
    createInvoice(tx, {
      merchantId: merchant.id,
      livemode: false,
      request: { amount: "5.00", currency: "USDC", order_id: "mask-1" },
    }),
  );
  await db().webhookAttempt.create({
    data: {
      id: newId("wa"),
      deliveryId: (await db().webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } })).id,
      attemptedAt: new Date(),
      statusCode: null,
      latencyMs: 3,
      responseBody: null,
      error: "Connection refused by 10.20.30.40:8443.",
    },
  });
  return { merchantId: merchant.id, invoiceId: invoice.id, endpointId: endpoint.id };
}

async function deliveriesAs(role: Role, s: { merchantId: string; invoiceId: string }) {
  const userId = newId("usr");
  const email = `${role}-${randomBase62(8).toLowerCase()}@example.com`;
  await db().user.create({ data: { id: userId, email, passwordHash: "unused" } });
  await db().membership.create({ data: { id: newId("mem"), userId, merchantId: s.merchantId, role } });
  const caller = createCaller(await createTRPCContext({ headers: new Headers(), session: { userId, email } }));
  const page = await caller.invoices.deliveries({ merchantId: s.merchantId, livemode: false, id: s.invoiceId });
  return page.data.map((d) => [d.endpoint.url, d.lastAttempt?.error ?? null]);
}

describe("an invoice's deliveries in the dashboard", () => {
  it("show a viewer the endpoint masked, and no address from the attempt's error", async () => {
    const s = await setUp();
    expect(await deliveriesAs("viewer", s)).toEqual([
      ["https://•••", "The delivery failed (the details need the webhooks:read permission)."],
    ]);
  });

  it("show a developer (webhooks:read) the URL and the error", async () => {
    const s = await setUp();
    expect(await deliveriesAs("developer", s)).toEqual([[SECRET_URL, "Connection refused by 10.20.30.40:8443."]]);
  });
});
