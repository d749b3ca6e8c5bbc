import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createTestMerchant } from "@/test/fixtures";
import { newEndpoint } from "@/test/webhook-kit";
import { deleteEndpointAsUser, rotateSecretAsUser, updateEndpointAsUser } from "./audited-webhook-actions";

// The dashboard's webhook actions and their audit rows share one transaction: an action is never
// done without its record, nor recorded without being done.
describe("audited webhook actions", () => {
  it("write the action and its audit row together", async () => {
    const { merchantId } = await createTestMerchant();
    const { id } = await newEndpoint(merchantId, "http://localhost:4000/hooks");
    const who = { merchantId, livemode: false, actor: "usr_auditor" };
    const scope = { id, merchantId, livemode: false };
    const before = await db().webhookEndpoint.findUniqueOrThrow({ where: { id } });

    const updated = await updateEndpointAsUser(db(), who, scope, { description: "orders" });
    expect(updated.description).toBe("orders");
    await rotateSecretAsUser(db(), who, scope);
    const after = await db().webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(after.previousSecretEncrypted).toBe(before.secretEncrypted);

    const rows = await db().auditLog.findMany({ where: { merchantId, targetId: id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.action, r.actor, r.data])).toEqual([
      ["webhook_endpoint.updated", "usr_auditor", { description: "orders" }],
      ["webhook_endpoint.secret_rotated", "usr_auditor", { previous_secret_expires_at: expect.any(String) }],
    ]);
  });

  it("roll the action back when its audit row cannot be written", async () => {
    const { merchantId } = await createTestMerchant();
    const { id } = await newEndpoint(merchantId, "http://localhost:4000/hooks");
    const scope = { id, merchantId, livemode: false };
    // The audit row names a merchant that does not exist: its insert fails on the foreign key, after the action ran.
    const broken = { merchantId: "mer_missing", livemode: false, actor: "usr_auditor" };
    const before = await db().webhookEndpoint.findUniqueOrThrow({ where: { id } });

    await expect(updateEndpointAsUser(db(), broken, scope, { description: "lost", disabled: true })).rejects.toThrow();
    await expect(rotateSecretAsUser(db(), broken, scope)).rejects.toThrow();
    await expect(deleteEndpointAsUser(db(), broken, scope)).rejects.toThrow();

    const after = await db().webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect({
      description: after.description,
      enabled: after.enabled,
      deletedAt: after.deletedAt,
      secret: after.secretEncrypted,
    }).toEqual({
      description: before.description,
      enabled: true,
      deletedAt: null,
      secret: before.secretEncrypted,
    });
    expect(await db().auditLog.count({ where: { targetId: id } })).toBe(0);
  });
});
