import { bytesToHex, getAddress } from "viem";
import { mnemonicToSeedSync } from "@scure/bip39";
import { english, generateMnemonic, HDKey, privateKeyToAddress } from "viem/accounts";
import { describe, expect, it } from "vitest";
import { db, inTransaction } from "@/server/db";
import { AppError } from "@/server/errors";
import { newId, randomBase62 } from "@/server/ids";
import { createInvoice } from "@/server/invoices/create-invoice";
import { createMerchant } from "@/server/merchants/create-merchant";
import { deriveDepositAddress } from "./derive-deposit-address";
import { accountXpubs, fillHdAccountPool } from "./fill-hd-account-pool";
import { masterRoot } from "./master-seed";
import { signerForPath } from "./platform-keys";

/** What deriveDepositAddress computed before the pool: the private key of the full path from the seed's root. */
function seedDerivedAddress(hdAccountIndex: number, livemode: boolean, index: number): string {
  const key = masterRoot().root.derive(`m/44'/60'/${hdAccountIndex}'/${livemode ? 1 : 0}/${index}`);
  return getAddress(privateKeyToAddress(bytesToHex(key.privateKey!)));
}

const slug = () => `p-${randomBase62(10).toLowerCase()}`;

describe("deposit addresses from extended public keys", () => {
  it("are byte-identical to the seed-derived ones, for several accounts, indexes and both modes", () => {
    const { root } = masterRoot();
    const checked: string[] = [];
    for (const account of [0, 1, 2, 7, 123, 65_535, 2_147_483_645]) {
      const xpubs = accountXpubs(root, account);
      for (const livemode of [false, true]) {
        // The last invoice index: 2^31 − 1 is the customers' branch (derive-customer-address.ts).
        for (const index of [0, 1, 2, 99, 1000, 2 ** 31 - 2]) {
          const derived = deriveDepositAddress({
            hdAccountIndex: account,
            livemode,
            index,
            xpub: livemode ? xpubs.xpubLive : xpubs.xpubTest,
          });
          expect(derived.address).toBe(seedDerivedAddress(account, livemode, index));
          expect(derived.path).toBe(`m/44'/60'/${account}'/${livemode ? 1 : 0}/${index}`);
          // The worker signs for it with the key at that path.
          expect(signerForPath(derived.path).address).toBe(derived.address);
          checked.push(derived.address);
        }
      }
    }
    expect(new Set(checked).size).toBe(7 * 2 * 6);
  });

  it("reuse the parsed chain node once seen, and refuse an account never seen or a key that is not a chain node", () => {
    const xpubs = accountXpubs(masterRoot().root, 41);
    deriveDepositAddress({ hdAccountIndex: 41, livemode: false, index: 0, xpub: xpubs.xpubTest });
    expect(deriveDepositAddress({ hdAccountIndex: 41, livemode: false, index: 5 }).address).toBe(
      seedDerivedAddress(41, false, 5),
    );
    expect(() => deriveDepositAddress({ hdAccountIndex: 41, livemode: true, index: 5 })).toThrow(
      "no extended public key given for HD account 41/1 and none cached",
    );
    // The live chain node given for the test mode: refused rather than deriving other addresses.
    expect(() => deriveDepositAddress({ hdAccountIndex: 42, livemode: false, index: 0, xpub: xpubs.xpubLive })).toThrow(
      "the extended key of HD account 42 is not its chain node 0",
    );
    const accountNode = masterRoot().root.derive("m/44'/60'/43'").publicExtendedKey;
    expect(() => deriveDepositAddress({ hdAccountIndex: 43, livemode: false, index: 0, xpub: accountNode })).toThrow(
      "the extended key of HD account 43 is not its chain node 0",
    );
  });

  it("cost about what the seed derivation cost (printed, not asserted)", () => {
    const { root } = masterRoot();
    const xpub = accountXpubs(root, 9).xpubTest;
    const n = 500;
    let t = performance.now();
    const node = root.derive("m/44'/60'/9'/0");
    for (let i = 0; i < n; i++) privateKeyToAddress(bytesToHex(node.deriveChild(i).privateKey!));
    const before = (performance.now() - t) / n;
    t = performance.now();
    for (let i = 0; i < n; i++) deriveDepositAddress({ hdAccountIndex: 9, livemode: false, index: i, xpub });
    const after = (performance.now() - t) / n;
    console.log(`address derivation: seed ${before.toFixed(3)} ms, xpub ${after.toFixed(3)} ms per address`);
  });
});

describe("the merchant HD account pool", () => {
  it("is topped up to its target, and a second fill finds nothing to do", async () => {
    const first = await fillHdAccountPool(db(), { target: 120 });
    expect(first.unassigned).toBeGreaterThanOrEqual(120);
    expect(await fillHdAccountPool(db(), { target: 120 })).toEqual({
      derived: 0,
      added: 0,
      unassigned: first.unassigned,
    });
    const rows = await db().hdAccount.findMany({ where: { merchantId: null }, take: 5, orderBy: { index: "asc" } });
    for (const row of rows) expect(row).toMatchObject(accountXpubs(masterRoot().root, row.index));
  });

  it("refuses to add accounts derived from another seed than the stored ones, writing nothing", async () => {
    await fillHdAccountPool(db(), { target: 1 });
    const before = await db().hdAccount.count();
    const other = HDKey.fromMasterSeed(mnemonicToSeedSync(generateMnemonic(english)));
    await expect(fillHdAccountPool(db(), { target: before + 10, root: other })).rejects.toThrow(
      /^hd_accounts row \d+ was derived from another master seed than PAYRAIL_MASTER_SEED: refusing to add accounts$/,
    );
    expect(await db().hdAccount.count()).toBe(before);
  });

  it("concurrent merchant creations take distinct accounts, each recorded with its merchant", async () => {
    await fillHdAccountPool(db(), { target: 30 });
    const merchants = await Promise.all(
      Array.from({ length: 30 }, () => createMerchant(db(), { slug: slug(), name: "M" })),
    );
    const rows = await db().merchant.findMany({
      where: { id: { in: merchants.map((m) => m.id) } },
      select: { id: true, hdAccountIndex: true, hdAccount: { select: { index: true, merchantId: true } } },
    });
    expect(rows).toHaveLength(30);
    expect(new Set(rows.map((r) => r.hdAccountIndex)).size).toBe(30);
    for (const r of rows) expect(r.hdAccount).toEqual({ index: r.hdAccountIndex, merchantId: r.id });
  });

  it("an empty pool is a 503 service_unavailable, and nothing is written", async () => {
    await fillHdAccountPool(db(), { target: 5 });
    const s = slug();
    // Another transaction holds every unassigned account (as concurrent sign-ups would): none is left to take.
    let outcome: unknown;
    await inTransaction(
      db(),
      async (tx) => {
        await tx.$queryRaw`SELECT index FROM hd_accounts WHERE merchant_id IS NULL FOR UPDATE`;
        outcome = await createMerchant(db(), { slug: s, name: "Nobody" }).catch((e: unknown) => e);
      },
      { timeout: 30_000 },
    );
    expect(outcome).toBeInstanceOf(AppError);
    expect((outcome as AppError).code).toBe("service_unavailable");
    expect((outcome as AppError).status).toBe(503);
    expect(await db().merchant.count({ where: { slug: s } })).toBe(0);
  });

  it("merchants from before the pool get their xpubs from their existing account, and their invoices the same address", async () => {
    // As the migration leaves them: a row with the merchant's account and no xpubs; and a merchant with no row
    // at all (created by a process of the previous version during a rolling upgrade).
    const top = await db().hdAccount.aggregate({ _max: { index: true } });
    const [a, b] = [top._max.index! + 1, top._max.index! + 2];
    const old = [
      { id: newId("mer"), slug: slug(), name: "Old A", hdAccountIndex: a },
      { id: newId("mer"), slug: slug(), name: "Old B", hdAccountIndex: b },
    ];
    await db().merchant.createMany({ data: old });
    await db().hdAccount.create({ data: { index: a, merchantId: old[0]!.id } });

    const notReady = await createInvoice(db(), {
      merchantId: old[0]!.id,
      livemode: false,
      request: { amount: "1.00", currency: "USDC" },
    }).catch((e: unknown) => e);
    expect((notReady as AppError).code).toBe("service_unavailable");

    const filled = await fillHdAccountPool(db(), { target: 1 });
    expect(filled.derived).toBe(2);
    for (const m of old) {
      expect(await db().hdAccount.findUniqueOrThrow({ where: { index: m.hdAccountIndex } })).toMatchObject({
        merchantId: m.id,
        ...accountXpubs(masterRoot().root, m.hdAccountIndex),
      });
      // Test mode: the test stack has no live network (live addresses are compared in the first test).
      for (const livemode of [false]) {
        const { invoice } = await createInvoice(db(), {
          merchantId: m.id,
          livemode,
          request: { amount: "1.00", currency: "USDC" },
        });
        const address = invoice.payment_options[0]!.address;
        const row = await db().depositAddress.findFirstOrThrow({
          where: { merchantId: m.id, livemode },
          select: { derivationPath: true },
        });
        const index = Number(row.derivationPath.split("/").at(-1));
        expect(address).toBe(seedDerivedAddress(m.hdAccountIndex, livemode, index));
      }
    }
  });
});
