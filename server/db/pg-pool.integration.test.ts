import { describe, expect, it } from "vitest";
import { authenticateApiRequest } from "../api/api-rate-limit";
import { consumeLoginAttempt } from "../auth/login-rate-limit";
import { db } from "../db";
import { pgPool } from "./pg-pool";
import { createTestMerchant } from "@/test/fixtures";

/** Ends every other backend of this database, as a PostgreSQL restart, a failover or an administrator would. */
async function terminateOtherConnections(): Promise<number> {
  const rows = await db().$queryRaw<{ ended: boolean }[]>`
    SELECT pg_terminate_backend(pid) AS ended
      FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`;
  return rows.filter((r) => r.ended).length;
}

describe("plain node-postgres pools", () => {
  it("survive PostgreSQL ending their idle connections, and the next query opens a new one", async () => {
    // One idle connection in each plain pool: exports' pool and the two rate limiters' pools.
    const { key, merchantId } = await createTestMerchant();
    expect((await pgPool().query<{ one: number }>("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    expect((await authenticateApiRequest(`Bearer ${key}`)).merchantId).toBe(merchantId);
    await consumeLoginAttempt({ email: "pool@example.com", client: "198.51.100.7" });
    expect(await terminateOtherConnections()).toBeGreaterThanOrEqual(3);
    // The idle clients' "error" events fire as their sockets close; without a listener this test process would end.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await pgPool().query<{ two: number }>("SELECT 2 AS two")).rows).toEqual([{ two: 2 }]);
    expect((await authenticateApiRequest(`Bearer ${key}`)).merchantId).toBe(merchantId);
    expect(await db().$queryRaw<{ three: number }[]>`SELECT 3 AS three`).toEqual([{ three: 3 }]);
  });
});
