// Issue 16, item 4: a request slower than the idempotency lock (a fiat quote from a slow RPC node) must keep its
// key: a retry meanwhile is a 409, not a second run creating a second invoice.
import { describe, expect, it, vi } from "vitest";
import { withIdempotency } from "@/server/api/idempotency/with-idempotency";
import { errorResponse, json, readBody } from "@/server/api/rest";
import { authenticateApiKey } from "@/server/auth/api-keys";
import { db, inTransaction } from "@/server/db";
import { randomBase62 } from "@/server/ids";
import { createInvoice } from "@/server/invoices/create-invoice";
import { createInvoiceRequest } from "@/server/invoices/create-invoice.schema";
import { apiRequest, createTestMerchant } from "@/test/fixtures";

describe("an idempotent request slower than its lock", () => {
  it("keeps its key while it runs: a retry after the lock time is a 409, and one invoice is created", async () => {
    const { key, merchantId } = await createTestMerchant();
    const auth = await authenticateApiKey(db(), `Bearer ${key}`);
    const idem = `idem-${randomBase62(16)}`;
    const body = { amount: "9.00", currency: "USDC", order_id: "slow_quote_1" };
    const request = () => apiRequest("POST", "/api/v1/invoices", { key, body, headers: { "idempotency-key": idem } });
    // The clock both requests read: the first request's quote takes 61 s, past the 60 s lock.
    let clock = new Date();
    const now = () => clock;
    let runs = 0;
    const run = async (req: Request) => {
      runs++;
      const parsed = await readBody(req, createInvoiceRequest);
      const { id } = await inTransaction(db(), (tx) =>
        createInvoice(tx, { merchantId, livemode: false, request: parsed }),
      );
      return json(201, { id });
    };

    const first = withIdempotency(db(), {
      request: request(),
      auth,
      now,
      renewEveryMs: 20,
      run: async () => {
        const lockedAtStart = (await db().idempotencyKey.findFirstOrThrow({ where: { merchantId, key: idem } }))
          .lockedUntil!;
        clock = new Date(clock.getTime() + 61_000);
        // The request is alive: its lock moves on with the clock (renewed), rather than running out.
        await vi.waitFor(
          async () => {
            const row = await db().idempotencyKey.findFirstOrThrow({ where: { merchantId, key: idem } });
            expect(row.lockedUntil!.getTime()).toBeGreaterThan(lockedAtStart.getTime());
          },
          { timeout: 10_000, interval: 20 },
        );
        const retry = await withIdempotency(db(), { request: request(), auth, now, run: () => run(request()) }).catch(
          errorResponse,
        );
        expect(retry.status).toBe(409);
        expect((await retry.json()).error.code).toBe("idempotency_key_in_use");
        return run(request());
      },
    });
    const response = await first;
    expect(response.status).toBe(201);
    expect(runs).toBe(1);
    expect(await db().invoice.count({ where: { merchantId, orderId: "slow_quote_1" } })).toBe(1);
    // The first request's response is what a retry now gets.
    const replay = await withIdempotency(db(), { request: request(), auth, now, run: () => run(request()) });
    expect([replay.status, replay.headers.get("idempotent-replayed")]).toEqual([201, "true"]);
    expect(await replay.json()).toEqual(await response.json());
    expect(runs).toBe(1);
  });
});
