// Issue 16, item 16: the demo owner (a password printed in the README) is seeded on the embedded database only,
// or when the operator asks for it, never on a database of the operator's own by default.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { DEMO_LOGIN, seedDemoIfAllowed } from "./seed-demo";

const demoUsers = () => db().user.count({ where: { email: DEMO_LOGIN.email } });

describe("seedDemoIfAllowed", () => {
  it("seeds nothing against an external DATABASE_URL unless PAYRAIL_SEED_DEMO=1", async () => {
    const before = await demoUsers();
    for (const flag of [undefined, "", "0", "yes"]) {
      expect(await seedDemoIfAllowed(db(), { embeddedDatabase: false, flag, knownKeyValid: false })).toBeNull();
    }
    expect(await seedDemoIfAllowed(db(), { embeddedDatabase: true, flag: "0", knownKeyValid: false })).toBeNull();
    expect(await demoUsers()).toBe(before);
  });

  it("seeds the demo on the embedded database, or on any database with PAYRAIL_SEED_DEMO=1", async () => {
    const seeded = await seedDemoIfAllowed(db(), { embeddedDatabase: false, flag: "1", knownKeyValid: false });
    expect(seeded?.newKey).toMatch(/^sk_test_/);
    expect(await demoUsers()).toBe(1);
    const again = await seedDemoIfAllowed(db(), { embeddedDatabase: true, flag: undefined, knownKeyValid: true });
    expect(again).toEqual({ merchantId: seeded!.merchantId, newKey: null });
  });
});
