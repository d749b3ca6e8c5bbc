import { describe, expect, it } from "vitest";
import { POST as createRoute } from "@/app/api/v1/invoices/route";
import { db } from "@/server/db";
import { apiRequest, createTestMerchant, params } from "@/test/fixtures";
import { allowedTransitions } from "./derive-invoice-state";
import { invoiceStatuses } from "./invoice.schema";

describe("illegal invoice transitions are impossible", () => {
  it("the database's transition table is exactly the code's", async () => {
    const rows = await db().invoiceStatusTransition.findMany();
    const inDb = rows.map((r) => `${r.fromStatus}->${r.toStatus}`).sort();
    const inCode = Object.entries(allowedTransitions)
      .flatMap(([from, tos]) => tos.map((to) => `${from}->${to}`))
      .sort();
    expect(inDb).toEqual(inCode);
  });

  it("the database refuses every status change the table does not allow, whoever writes it", async () => {
    const { key } = await createTestMerchant();
    const res = await createRoute(
      apiRequest("POST", "/api/v1/invoices", { key, body: { amount: "1", currency: "USDC" } }),
      params({}),
    );
    const { id } = (await res.json()) as { id: string };
    for (const from of invoiceStatuses) {
      for (const to of invoiceStatuses) {
        if (from === to) continue;
        const attempt = db().$transaction(async (tx) => {
          // Put the row in `from` without the guard (test setup only), then try the change.
          await tx.$executeRawUnsafe(`ALTER TABLE invoices DISABLE TRIGGER invoices_status_transition_guard`);
          await tx.invoice.update({ where: { id }, data: { status: from } });
          await tx.$executeRawUnsafe(`ALTER TABLE invoices ENABLE TRIGGER invoices_status_transition_guard`);
          await tx.invoice.update({ where: { id }, data: { status: to } });
          throw new RollbackMarker();
        });
        if (allowedTransitions[from].includes(to))
          await expect(attempt, `${from} -> ${to}`).rejects.toBeInstanceOf(RollbackMarker);
        else await expect(attempt, `${from} -> ${to}`).rejects.toThrow(`illegal invoice transition ${from} -> ${to}`);
      }
    }
    expect((await db().invoice.findUniqueOrThrow({ where: { id } })).status).toBe("created");
  });
});

class RollbackMarker extends Error {}
