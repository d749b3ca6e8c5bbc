// Issue 16 (items 4 and 14): the cron route's lease owner is its own per call, and neither its response nor the
// logs carry an RPC provider's key or a configured secret.
import { Writable } from "node:stream";
import { createPublicClient, http } from "viem";
import { afterEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/cron/tick/route";
import { acquireNetworkLease, releaseNetworkLease } from "@/server/chains/network-lease";
import { db } from "@/server/db";
import { env, resetEnvCache } from "@/server/env";
import { createLogger } from "@/server/logger";
import { apiRequest } from "@/test/fixtures";

const cron = () =>
  POST(apiRequest("POST", "/api/cron/tick", { headers: { authorization: `Bearer ${env().CRON_SECRET}` } }));
// Nothing listens on port 1: the node is unreachable, and viem's error names the URL with its key.
const KEYED_URL = "http://127.0.0.1:1/v2/alchemy-key-5ecret0123456789";
const originalDevnetB = process.env.RPC_URL_DEVNET_B;

afterEach(() => {
  process.env.RPC_URL_DEVNET_B = originalDevnetB;
  resetEnvCache();
});

describe("the cron route", () => {
  it("does not take a lease held by another instance that happens to share its pid", async () => {
    // Another container's cron call (pid 1 in its container, as ours may be) holds devnet's lease.
    const other = `cron-${process.pid}`;
    expect(
      await acquireNetworkLease(db(), { networkId: "devnet", chainId: 31337, owner: other, ttlMs: 3_600_000 }),
    ).not.toBeNull();
    try {
      const res = await cron();
      expect(res.status).toBe(200);
      const report = await res.json();
      expect(report.networks.devnet.scans).toEqual(["busy"]);
      const cursor = await db().networkCursor.findUniqueOrThrow({ where: { networkId: "devnet" } });
      expect(cursor.leaseOwner).toBe(other);
    } finally {
      await releaseNetworkLease(db(), { networkId: "devnet", owner: other });
    }
  });

  it("reports a failing network without its RPC URL's key", async () => {
    process.env.RPC_URL_DEVNET_B = KEYED_URL;
    resetEnvCache();
    const res = await cron();
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain("alchemy-key-5ecret0123456789");
    const report = JSON.parse(text);
    expect(report.networks["devnet-b"].error).toContain("http://127.0.0.1:1/***");
  });
});

describe("the logger", () => {
  it("redacts URLs in errors, configured secrets and secret-named properties at any depth", async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString("utf8"));
        done();
      },
    });
    const secrets = ["nextauth-secret-abcdefghijklmnopqrstuvwxyz", "cron-secret-0123456789abcdef"];
    const log = createLogger({ level: "info", secrets, destination });

    const client = createPublicClient({ transport: http(KEYED_URL, { retryCount: 0 }) });
    const error = await client.getBlockNumber().then(
      () => null,
      (e: unknown) => e,
    );
    expect(String(error)).toContain("alchemy-key-5ecret0123456789"); // what would have been logged
    log.error({ err: error, network: "mainnet" }, "network scan failed");
    log.error(error as Error);
    log.info(
      {
        request: {
          headers: { cookie: "next-auth.session-token=sessionvalue123", Authorization: "Bearer sk_live_abcdefabcdef" },
        },
        deep: {
          a: {
            b: {
              c: {
                d: {
                  password: "hunter2-password",
                  DATABASE_URL: "postgresql://payrail:dbpass99@db.internal:5432/payrail",
                },
              },
            },
          },
        },
        config: { NEXTAUTH_SECRET: secrets[0], note: `the cron secret is ${secrets[1]}` },
      },
      `connecting to postgresql://payrail:dbpass99@db.internal:5432/payrail`,
    );
    const out = lines.join("");
    expect(lines).toHaveLength(3);
    for (const secret of [
      "alchemy-key-5ecret0123456789",
      "sessionvalue123",
      "sk_live_abcdefabcdef",
      "hunter2-password",
      "dbpass99",
      ...secrets,
    ]) {
      expect(out).not.toContain(secret);
    }
    // What is left is still useful: the host, the message, the shape.
    expect(out).toContain("http://127.0.0.1:1/***");
    expect(out).toContain("postgresql://***@db.internal:5432/***");
    expect(JSON.parse(lines[2]!).deep.a.b.c.d).toEqual({ password: "[redacted]", DATABASE_URL: "[redacted]" });
  });
});
