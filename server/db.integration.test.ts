import { describe, expect, it } from "vitest";
import { db, inTransaction, type DbClient, type Tx } from "./db";
import { createTestMerchant } from "@/test/fixtures";
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
