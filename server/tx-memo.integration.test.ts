import { describe, expect, it } from "vitest";
import { db } from "./db";
import { memoInTransaction } from "./tx-memo";

describe("memoInTransaction", () => {
  it("loads once per interactive transaction and never caches on the root client", async () => {
    let loads = 0;
    const load = async () => ++loads;
    await db().$transaction(async (tx) => {
      expect(await memoInTransaction(tx, "k", load)).toBe(1);
      expect(await memoInTransaction(tx, "k", load)).toBe(1);
      expect(await memoInTransaction(tx, "other", load)).toBe(2);
    });
    await db().$transaction(async (tx) => {
      expect(await memoInTransaction(tx, "k", load)).toBe(3);
    });
    expect(await memoInTransaction(db(), "k", load)).toBe(4);
    expect(await memoInTransaction(db(), "k", load)).toBe(5);
  });
});
