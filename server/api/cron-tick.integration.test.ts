import { describe, expect, it } from "vitest";
import { GET, POST } from "@/app/api/cron/tick/route";
import { env } from "@/server/env";
import { apiRequest } from "@/test/fixtures";

describe("GET|POST /api/cron/tick", () => {
  it("refuses a missing or wrong bearer secret", async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: "Bearer wrong-secret-0123456789" },
      { authorization: `Bearer ${env().CRON_SECRET}x` },
    ]) {
      const res = await POST(apiRequest("POST", "/api/cron/tick", { headers }));
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe("unauthenticated");
    }
  });

  it("runs one tick over every enabled network with the right secret", async () => {
    const res = await GET(
      apiRequest("GET", "/api/cron/tick", { headers: { authorization: `Bearer ${env().CRON_SECRET}` } }),
    );
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(Object.keys(report.networks)).toEqual(["devnet", "devnet-b"]);
    expect(report.networks.devnet.error).toBeUndefined();
  });
});
