import { beforeAll, describe, expect, it } from "vitest";
import type { Address } from "viem";
import { GET as statusRoute } from "@/app/(checkout)/pay/[id]/status/route";
import { POST as createRoute } from "@/app/api/v1/invoices/route";
import { db } from "@/server/db";
import { tick } from "@/server/jobs/tick";
import type { InvoiceResponse } from "@/server/invoices/invoice.schema";
import { apiRequest, createTestMerchant, mine, params, pay } from "@/test/fixtures";

// What the hosted page polls: GET /pay/[id]/status. Its version changes exactly when the page would
// show something else, on real payments and real blocks.

let key: string;

async function status(
  id: string,
): Promise<{ status: number; body: { id: string; status: string; final: boolean; version: string } }> {
  const res = await statusRoute(new Request(`http://payrail.test/pay/${id}/status`), params({ id }));
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  ({ key } = await createTestMerchant());
  await tick(db(), { owner: "checkout-version" });
});

describe("GET /pay/[id]/status", () => {
  it("changes version with each confirmation while pending, then not for blocks after a payment is counted", async () => {
    const created = await createRoute(
      apiRequest("POST", "/api/v1/invoices", {
        key,
        body: { amount: "20.00", currency: "USDC", payment_methods: [{ network: "devnet", asset: "USDC" }] },
      }),
      params({}),
    );
    const invoice = (await created.json()) as InvoiceResponse;
    const to = invoice.payment_options[0]!.address as Address;

    const open = await status(invoice.id);
    expect(open).toEqual({
      status: 200,
      body: { id: invoice.id, status: "created", final: false, version: expect.stringMatching(/^[\w-]{16}$/) },
    });
    await tick(db(), { owner: "checkout-version" });
    expect((await status(invoice.id)).body.version).toBe(open.body.version); // nothing happened: same version

    await pay({ network: "devnet", asset: "USDC", to, amount: 5_000_000n });
    await tick(db(), { owner: "checkout-version" });
    const seen = (await status(invoice.id)).body;
    expect(seen.status).toBe("pending");
    expect(seen.version).not.toBe(open.body.version);

    await mine("devnet", 1);
    await tick(db(), { owner: "checkout-version" });
    const twoOfThree = (await status(invoice.id)).body;
    expect(twoOfThree.status).toBe("pending");
    expect(twoOfThree.version).not.toBe(seen.version); // "confirming (2 of 3)" is a new view

    await mine("devnet", 1);
    await tick(db(), { owner: "checkout-version" });
    const partial = (await status(invoice.id)).body;
    expect(partial).toMatchObject({ status: "partially_paid", final: false });

    // More blocks raise the counted payment's confirmations, which the page doesn't show.
    await mine("devnet", 3);
    await tick(db(), { owner: "checkout-version" });
    expect((await status(invoice.id)).body.version).toBe(partial.version);
  });

  it("answers 404 for an unknown or malformed id", async () => {
    for (const id of ["inv_doesnotexist0000000000", "not-an-id"]) {
      expect(await status(id)).toEqual({
        status: 404,
        body: { error: { type: "invalid_request_error", code: "resource_missing", message: "No such invoice." } },
      });
    }
  });
});
