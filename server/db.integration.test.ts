import { describe, expect, it } from "vitest";
import { db, inTransaction, type DbClient, type Tx } from "./db";
import { POST as createInvoiceRoute } from "@/app/api/v1/invoices/route";
import { apiRequest, createTestMerchant, params } from "@/test/fixtures";
import { recordAudit } from "./audit/record-audit";
import { lockInvoice } from "./invoices/write-transition";

// Compiled by `tsc --noEmit`, never called: the root client is not a transaction.
function rootClientIsNoTransaction(tx: Tx): DbClient {
  // @ts-expect-error lockInvoice takes a Tx; with the root client the lock would end with its statement.
  void lockInvoice(db(), "inv_x");
  void lockInvoice(tx, "inv_x");
  // @ts-expect-error a client typed as "root or transaction" is no transaction either.
  void lockInvoice(tx as DbClient, "inv_x");
  // A transaction may be used wherever a plain client is.
  return tx;
}

class Rollback extends Error {}

describe("inTransaction", () => {
  it("commits when the function returns and rolls everything back when it throws", async () => {
    expect(rootClientIsNoTransaction).toBeTypeOf("function");
    const { merchantId } = await createTestMerchant();
    const entry = { merchantId, livemode: false, actor: "usr_test", action: "settings.updated" } as const;
    const attempt = inTransaction(db(), async (tx) => {
      await recordAudit(tx, entry);
      expect(await tx.auditLog.count({ where: { merchantId } })).toBe(1);
      throw new Rollback();
    });
    await expect(attempt).rejects.toBeInstanceOf(Rollback);
    expect(await db().auditLog.count({ where: { merchantId } })).toBe(0);
    expect(await inTransaction(db(), async (tx) => (await recordAudit(tx, entry), "done"))).toBe("done");
    expect(await db().auditLog.count({ where: { merchantId } })).toBe(1);
  });

  it("forwards the isolation level", async () => {
    const level = await inTransaction(
      db(),
      async (tx) =>
        (await tx.$queryRaw<{ transaction_isolation: string }[]>`SHOW transaction_isolation`)[0]?.transaction_isolation,
      {
        isolationLevel: "Serializable",
      },
    );
    expect(level).toBe("serializable");
    const fallback = await inTransaction(
      db(),
      async (tx) =>
        (await tx.$queryRaw<{ transaction_isolation: string }[]>`SHOW transaction_isolation`)[0]?.transaction_isolation,
    );
    expect(fallback).toBe("read committed");
  });
});

describe("relations read through Prisma", () => {
  it("keep a Decimal(78,0) amount above 2^53 exact (no relationJoins: its JSON path changed the last digits)", async () => {
    const { key } = await createTestMerchant();
    const created = await createInvoiceRoute(
      apiRequest("POST", "/api/v1/invoices", { key, body: { amount: "0.01", currency: "ETH" } }),
      params({}),
    );
    expect(created.status).toBe(201);
    const invoice = (await created.json()) as { id: string; payment_options: { address: string }[] };
    await db().payment.create({
      data: {
        id: `pay_exact${invoice.id.slice(4, 20)}`,
        invoiceId: invoice.id,
        networkId: "devnet",
        asset: "ETH",
        decimals: 18,
        txHash: `0x${"ab".repeat(32)}`,
        logIndex: -1,
        fromAddress: `0x${"11".repeat(20)}`,
        toAddress: invoice.payment_options[0]!.address.toLowerCase(),
        amount: "10000000000000003",
        blockNumber: 1n,
        blockHash: `0x${"cd".repeat(32)}`,
      },
    });
    const read = await db().invoice.findUniqueOrThrow({
      where: { id: invoice.id },
      select: { payments: { select: { amount: true } } },
    });
    expect(read.payments.map((p) => p.amount.toFixed(0))).toEqual(["10000000000000003"]);
  });
});
