// The web process's code paths with no PAYRAIL_MASTER_SEED in the environment (only the data key derived
// from it), after a seed-holding process filled the merchant HD account pool: the real tRPC router, route
// handlers and domain functions in this process. e2e/keys/no-seed.spec.ts does the same against `next start`.
import { mnemonicToSeedSync } from "@scure/bip39";
import { bytesToHex, getAddress } from "viem";
import { HDKey, privateKeyToAddress } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as qrRoute } from "@/app/(checkout)/pay/[id]/qr/route";
import { GET as statusRoute } from "@/app/(checkout)/pay/[id]/status/route";
import { POST as createInvoiceRoute } from "@/app/api/v1/invoices/route";
import { POST as createEndpointRoute } from "@/app/api/v1/webhook_endpoints/route";
import { createCaller } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import { createApiKey } from "@/server/auth/api-keys";
import { dataKeyFromSeed, openSecret } from "@/server/crypto/secret-box";
import { db, inTransaction } from "@/server/db";
import { env, resetEnvCache } from "@/server/env";
import { randomBase62 } from "@/server/ids";
import { apiRequest, params } from "@/test/fixtures";
import { fillHdAccountPool } from "./fill-hd-account-pool";
import { masterRoot } from "./master-seed";

const seed = env().PAYRAIL_MASTER_SEED!;
const root = HDKey.fromMasterSeed(mnemonicToSeedSync(seed));

beforeAll(async () => {
  // What the worker (or `npm start`) does before the web process serves anything.
  await fillHdAccountPool(db(), { target: 10 });
  // The web process's environment: no seed, the data key instead (scripts/lib/web-env.ts).
  delete process.env.PAYRAIL_MASTER_SEED;
  process.env.PAYRAIL_DATA_KEY = dataKeyFromSeed(mnemonicToSeedSync(seed));
  resetEnvCache();
});

afterAll(() => {
  process.env.PAYRAIL_MASTER_SEED = seed;
  delete process.env.PAYRAIL_DATA_KEY;
  resetEnvCache();
});

describe("the web process without the master seed", () => {
  it("has no seed to read", () => {
    expect(env().PAYRAIL_MASTER_SEED).toBeUndefined();
    expect(() => masterRoot()).toThrow("PAYRAIL_MASTER_SEED is not set");
  });

  it("signs up, creates invoices at the seed's addresses, serves the hosted page's routes and seals secrets", async () => {
    const suffix = randomBase62(6).toLowerCase();
    const caller = createCaller(await createTRPCContext({ headers: new Headers({ "x-test": "1" }) }));
    const { slug } = await caller.account.signUp({
      name: "No Seed",
      email: `noseed-${suffix}@example.com`,
      password: "a long enough password",
      businessName: `No Seed ${suffix}`,
    });
    const merchant = await db().merchant.findUniqueOrThrow({
      where: { slug },
      select: { id: true, hdAccountIndex: true, hdAccount: { select: { merchantId: true } } },
    });
    expect(merchant.hdAccount).toEqual({ merchantId: merchant.id });
    const { key } = await inTransaction(db(), (tx) => createApiKey(tx, { merchantId: merchant.id, livemode: false }));

    const post = (body: unknown, headers: Record<string, string> = {}) =>
      createInvoiceRoute(apiRequest("POST", "/api/v1/invoices", { key, body, headers }), params({}));
    const created = await post({ amount: "12.50", currency: "USDC", order_id: "no-seed-1" });
    expect(created.status).toBe(201);
    const invoice = (await created.json()) as { id: string; payment_options: { address: string }[] };
    const deposit = await db().depositAddress.findFirstOrThrow({
      where: { merchantId: merchant.id },
      select: { address: true, derivationPath: true },
    });
    const index = Number(deposit.derivationPath.split("/").at(-1));
    expect(deposit.derivationPath).toBe(`m/44'/60'/${merchant.hdAccountIndex}'/0/${index}`);
    const expected = getAddress(privateKeyToAddress(bytesToHex(root.derive(deposit.derivationPath).privateKey!)));
    // One address for every option (both devnets accept USDC).
    expect(new Set(invoice.payment_options.map((o) => o.address))).toEqual(new Set([expected]));

    // An idempotent request seals its stored response with the data key, and replays it.
    const idem = { "idempotency-key": `noseed-${suffix}` };
    const first = await post({ amount: "3.00", currency: "USDC" }, idem);
    const replay = await post({ amount: "3.00", currency: "USDC" }, idem);
    expect([first.status, replay.status, replay.headers.get("idempotent-replayed")]).toEqual([201, 201, "true"]);
    expect(await replay.text()).toBe(await first.text());

    // The hosted page's own routes.
    const status = await statusRoute(
      new Request(`http://payrail.test/pay/${invoice.id}/status`),
      params({ id: invoice.id }),
    );
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({ id: invoice.id, status: "created", final: false });
    const qr = await qrRoute(
      new Request(`http://payrail.test/pay/${invoice.id}/qr?network=devnet&asset=USDC`),
      params({ id: invoice.id }),
    );
    expect([qr.status, qr.headers.get("content-type")]).toEqual([200, "image/svg+xml; charset=utf-8"]);

    // A webhook endpoint's secret is sealed with the data key: the worker (with the seed) opens it.
    const endpoint = await createEndpointRoute(
      apiRequest("POST", "/api/v1/webhook_endpoints", {
        key,
        body: { url: "http://localhost:4000/hooks", events: ["invoice.paid"] },
      }),
      params({}),
    );
    expect(endpoint.status).toBe(201);
    const { id: endpointId, secret } = (await endpoint.json()) as { id: string; secret: string };
    const { secretEncrypted } = await db().webhookEndpoint.findUniqueOrThrow({ where: { id: endpointId } });
    process.env.PAYRAIL_MASTER_SEED = seed;
    delete process.env.PAYRAIL_DATA_KEY;
    resetEnvCache();
    try {
      expect(openSecret(secretEncrypted)).toBe(secret);
    } finally {
      delete process.env.PAYRAIL_MASTER_SEED;
      process.env.PAYRAIL_DATA_KEY = dataKeyFromSeed(mnemonicToSeedSync(seed));
      resetEnvCache();
    }
  });
});
