// Issue 16, item 4: invoices that cannot close yet (past expiry, a payment still confirming) must not be taken
// on every call while the other due invoices wait forever.
import { describe, expect, it } from "vitest";
import { findNetwork, type Network } from "@/server/chains/networks";
import { db } from "@/server/db";
import { syncNetwork } from "@/server/jobs/sync-network";
import { createDevnetInvoice } from "@/test/chains";
import { createTestMerchant, pay } from "@/test/fixtures";
import { expireDueInvoices } from "./expire-due-invoices";

// Confirmations no payment here reaches: what the invoices wait for never comes during the test.
const devnet = { ...(findNetwork("devnet") as Network), confirmations: 1000 };

describe("expireDueInvoices", () => {
  it("goes round every due invoice: three stuck ones, taken first, do not starve a fourth with a limit of three", async () => {
    const { merchantId } = await createTestMerchant();
    // Bring devnet's cursor to its head, so the sync below scans only these payments.
    await syncNetwork(db(), devnet, { owner: "expiry-test" });
    const stuck = [];
    for (let i = 0; i < 3; i++) {
      const invoice = await createDevnetInvoice(merchantId, { amount: "1.00", currency: "USDC", network: "devnet" });
      await pay({ network: "devnet", asset: "USDC", to: invoice.address, amount: 1_000_000n });
      stuck.push(invoice.id);
    }
    const waiting = await createDevnetInvoice(merchantId, { amount: "2.00", currency: "USDC", network: "devnet" });
    // The payments are seen and stay pending.
    await syncNetwork(db(), devnet, { owner: "expiry-test", maxRanges: 50 });
    for (const id of stuck) expect((await db().invoice.findUniqueOrThrow({ where: { id } })).status).toBe("pending");

    // All four expire just after the payments were seen; the stuck ones first, so an oldest-first pick takes them.
    const seen = await db().payment.aggregate({ where: { invoiceId: { in: stuck } }, _max: { detectedAt: true } });
    const base = seen._max.detectedAt!.getTime() + 1;
    for (const [i, id] of [...stuck, waiting.id].entries()) {
      await db().$executeRaw`UPDATE invoices SET expires_at = ${new Date(base + i)} WHERE id = ${id}`;
    }
    const now = new Date(base + 1000);

    // Other suites may have left due invoices behind: a few more rounds than needed, never an endless wait.
    for (let round = 0; round < 10; round++) {
      await expireDueInvoices(db(), { now, limit: 3 });
      if ((await db().invoice.findUniqueOrThrow({ where: { id: waiting.id } })).status === "expired") break;
    }
    expect((await db().invoice.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("expired");
    // The stuck ones still wait for their confirmations: a payment seen in time may still complete them.
    for (const id of stuck) expect((await db().invoice.findUniqueOrThrow({ where: { id } })).status).toBe("pending");
  });
});
