import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import type { Address } from "viem";
import { mineBlocks, payFromTestAccount } from "../fixtures/api";
import {
  api,
  baseUrl,
  dashboardPath,
  expect,
  overflowingElements,
  screenshot,
  seedApiKey,
  seedMember,
  seedOwner,
  signIn,
  test,
} from "./fixtures";

// anvil's standard test account 3, which the payment fixture pays from.
const PAYER = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

type Payment = {
  id: string;
  status: string;
  tx_hash: string;
  log_index: number | null;
  block_number: number;
  from: string;
  to: string;
  detected_at: string;
  confirmed_at: string | null;
};
type Invoice = {
  id: string;
  status: string;
  payment_options: { address: Address; token_address: string | null; chain_id: number }[];
  payments: Payment[];
};

const HEADER = [
  "id",
  "invoice",
  "order_id",
  "network",
  "chain_id",
  "asset",
  "token_address",
  "amount",
  "amount_base_units",
  "tx_hash",
  "log_index",
  "block_number",
  "from",
  "to",
  "status",
  "detected_at",
  "confirmed_at",
  "currency",
  "rate",
  "fiat_amount",
];

test("finance downloads the payments CSV of a date range; a viewer has no Exports and the route refuses", async ({
  page,
  browser,
}) => {
  const owner = await seedOwner("exports");
  const finance = await seedMember(owner, "finance");
  const key = await seedApiKey(owner.merchantId);
  const created = await api<Invoice>(key, "POST", "/api/v1/invoices", {
    amount: "12.34",
    currency: "USDC",
    order_id: "order-export",
    payment_methods: [{ network: "devnet", asset: "USDC" }],
  });
  expect(created.status).toBe(201);
  const option = created.body.payment_options[0]!;
  await payFromTestAccount({ network: "devnet", asset: "USDC", to: option.address, amount: 12_340_000n });
  await mineBlocks("devnet", 3);
  await expect
    .poll(
      async () => {
        const { body } = await api<Invoice>(key, "GET", `/api/v1/invoices/${created.body.id}`);
        return [body.status, body.payments.map((p) => p.status)];
      },
      { timeout: 30_000 },
    )
    .toEqual(["paid", ["confirmed"]]);
  const payment = (await api<Invoice>(key, "GET", `/api/v1/invoices/${created.body.id}`)).body.payments[0]!;
  const day = payment.detected_at.slice(0, 10);
  const nextDay = new Date(Date.parse(`${day}T00:00:00Z`) + 24 * 3600_000).toISOString().slice(0, 10);

  await signIn(page.context(), finance);
  await page.goto(`${baseUrl()}${dashboardPath(owner)}`);
  const nav = page.getByRole("navigation", { name: "Dashboard" });
  await expect(nav.getByRole("link", { name: "Exports" })).toHaveAttribute("href", dashboardPath(owner, "/exports"));
  await page.goto(`${baseUrl()}${dashboardPath(owner, "/exports")}`);
  await expect(page.getByRole("heading", { name: "Exports", level: 1 })).toBeVisible();
  await page.getByRole("radio", { name: /^Payments/ }).check();
  await page.getByLabel("From (UTC)").fill(day);
  await page.getByLabel("To (UTC, inclusive)").fill(day);
  // The form lives in the URL: a link to it prepares the same file.
  await expect(page).toHaveURL(new RegExp(`/exports\\?kind=payments&from=${day}&to=${day}$`));
  await expect(
    page.getByText(`payments.csv?created_gte=${day}T00%3A00%3A00.000Z&created_lt=${nextDay}T00%3A00%3A00.000Z`),
  ).toBeVisible();

  // Held until the in-progress state has been seen (a one-row file would otherwise finish at once).
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const csvDownload = (url: URL) => url.pathname.endsWith("/exports/payments.csv");
  await page.route(csvDownload, async (route) => {
    await held;
    await route.continue();
  });
  const downloaded = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download CSV" }).click();
  const status = page.getByRole("status").filter({ hasText: /Received|Saved/ });
  await expect(page.getByRole("button", { name: "Downloading…" })).toBeDisabled();
  await expect(status).toHaveText("Received 0 B · 0 rows");
  await expect(page.getByRole("button", { name: "Cancel" })).toBeVisible();
  await screenshot(page, "exports-downloading");
  release();

  const download = await downloaded;
  const file = `payrail-payments-test-from-${day}-to-${nextDay}.csv`;
  expect(download.suggestedFilename()).toBe(file);
  const bytes = await readFile((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM, for Excel
  const text = bytes.subarray(3).toString("utf8");
  const records: string[][] = parse(text);
  expect(records[0]).toEqual(HEADER);
  expect(records.slice(1)).toEqual([
    [
      payment.id,
      created.body.id,
      "order-export",
      "devnet",
      "31337",
      "USDC",
      option.token_address!,
      "12.34",
      "12340000",
      payment.tx_hash,
      String(payment.log_index),
      String(payment.block_number),
      PAYER,
      option.address,
      "confirmed",
      payment.detected_at,
      payment.confirmed_at!,
      "USDC",
      "",
      "",
    ],
  ]);
  expect(records[1]![13]).toBe(payment.to);
  expect(text.endsWith("\r\n")).toBe(true);
  await expect(status).toHaveText(`Saved ${file}: 1 rows, ${bytes.length} B.`);
  await expect(page.getByRole("button", { name: "Download CSV" })).toBeEnabled();
  await screenshot(page, "exports-saved");
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflowingElements(page)).toEqual([]);
  await screenshot(page, "exports-saved-390");
  await page.setViewportSize({ width: 1280, height: 860 });

  // A range before the payment: the same download, no rows.
  await page.unroute(csvDownload);
  await page.getByLabel("From (UTC)").fill("2020-01-01");
  await page.getByLabel("To (UTC, inclusive)").fill("2020-01-31");
  const empty = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download CSV" }).click();
  expect((await empty).suggestedFilename()).toBe("payrail-payments-test-from-2020-01-01-to-2020-02-01.csv");
  await expect(status).toHaveText(/^Saved payrail-payments-test-from-2020-01-01-to-2020-02-01\.csv: 0 rows, \d+ B\.$/);
  const emptyText = (await readFile((await (await empty).path())!)).subarray(3).toString("utf8");
  expect(emptyText).toBe(`${HEADER.join(",")}\r\n`);

  // A viewer: no Exports in the navigation, the page says why, and the route itself refuses (403).
  const viewer = await seedMember(owner, "viewer");
  const viewerContext = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const viewerPage = await viewerContext.newPage();
  await signIn(viewerContext, viewer);
  await viewerPage.goto(`${baseUrl()}${dashboardPath(owner)}`);
  const viewerNav = viewerPage.getByRole("navigation", { name: "Dashboard" });
  await expect(viewerNav.getByRole("link", { name: "Invoices" })).toBeVisible();
  await expect(viewerNav.getByRole("link", { name: "Exports" })).toHaveCount(0);
  await viewerPage.goto(`${baseUrl()}${dashboardPath(owner, "/exports")}`);
  await expect(viewerPage.getByText("Exports are for finance")).toBeVisible();
  await expect(viewerPage.getByRole("button", { name: "Download CSV" })).toHaveCount(0);
  await screenshot(viewerPage, "exports-viewer");
  const refused = await viewerContext.request.get(`${baseUrl()}${dashboardPath(owner, "/exports/payments.csv")}`);
  expect(refused.status()).toBe(403);
  expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({
    code: "forbidden",
    message: "The viewer role cannot download exports.",
  });
  await viewerContext.close();

  // Someone else's merchant is not found, and without a session the route asks to sign in.
  const outsider = await seedOwner("outsider");
  const outsiderContext = await browser.newContext();
  await signIn(outsiderContext, outsider);
  const missing = await outsiderContext.request.get(`${baseUrl()}${dashboardPath(owner, "/exports/payments.csv")}`);
  expect(missing.status()).toBe(404);
  await outsiderContext.close();
  const anonymous = await fetch(`${baseUrl()}${dashboardPath(owner, "/exports/payments.csv")}`);
  expect(anonymous.status).toBe(401);
});
