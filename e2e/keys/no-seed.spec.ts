// The app as deployed: `next start` with no PAYRAIL_MASTER_SEED in its environment (e2e/global-setup.ts gives it
// the data key instead, as npm start does), the worker holding the seed and filling the HD account pool.
import { readFileSync } from "node:fs";
import { mnemonicToSeedSync } from "@scure/bip39";
import { bytesToHex, getAddress } from "viem";
import { HDKey, privateKeyToAddress } from "viem/accounts";
import { randomBase62 } from "../../server/ids";
import { api } from "../fixtures/api";
import { baseUrl, db, expect, seedApiKey, test } from "../dashboard/fixtures";

test("without the seed the app signs up a merchant, creates its invoice at the seed's address and serves the hosted page", async ({
  page,
}) => {
  // The app's own environment (the process e2e/global-setup.ts started).
  const environ = readFileSync(`/proc/${process.env.E2E_APP_PID}/environ`, "utf8").split("\0");
  expect(environ.filter((v) => v.startsWith("PAYRAIL_MASTER_SEED="))).toEqual([]);
  expect(environ.filter((v) => v.startsWith("PAYRAIL_DATA_KEY=")).map((v) => v.length)).toEqual([17 + 43]);

  const suffix = randomBase62(6).toLowerCase();
  await page.goto(`${baseUrl()}/signup`);
  await page.getByLabel("Your name").fill("Seedless Founder");
  await page.getByLabel("Business name").fill(`Seedless ${suffix}`);
  await page.getByLabel("Work email").fill(`seedless-${suffix}@example.com`);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  // Sign-up goes on to sign in and the first dashboard render: slow on a loaded machine.
  await expect(page).toHaveURL(new RegExp(`/dashboard/seedless-${suffix}/test$`), { timeout: 60_000 });

  const merchant = await db().merchant.findUniqueOrThrow({
    where: { slug: `seedless-${suffix}` },
    select: { id: true, hdAccountIndex: true },
  });
  const key = await seedApiKey(merchant.id);
  const created = await api<{
    id: string;
    hosted_url: string;
    payment_options: { network: string; address: string }[];
  }>(
    "POST",
    "/api/v1/invoices",
    { amount: "4.20", currency: "USDC", payment_methods: [{ network: "devnet", asset: "USDC" }] },
    key,
  );
  expect(created.status).toBe(201);
  const { derivationPath } = await db().depositAddress.findFirstOrThrow({
    where: { merchantId: merchant.id },
    select: { derivationPath: true },
  });
  expect(derivationPath).toMatch(new RegExp(`^m/44'/60'/${merchant.hdAccountIndex}'/0/\\d+$`));
  const root = HDKey.fromMasterSeed(mnemonicToSeedSync(process.env.E2E_MASTER_SEED!));
  const expected = getAddress(privateKeyToAddress(bytesToHex(root.derive(derivationPath).privateKey!)));
  expect(created.body.payment_options.map((o) => o.address)).toEqual([expected]);

  await page.goto(created.body.hosted_url);
  await expect(page.getByRole("heading", { name: "Pay with USDC on Devnet" })).toBeVisible();
  await expect(page.getByText(expected, { exact: true })).toBeVisible();
});
