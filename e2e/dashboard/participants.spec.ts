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
  seedOwner,
  sidewaysScroll,
  signIn,
  test,
} from "./fixtures";

type Participant = { id: string; address: string; balances: { network: string; asset: string; available: string }[] };
type Invoice = { id: string; payment_options: { address: Address }[] };

test("participants: the list with balances, a participant's page with its split and its statement", async ({
  page,
}) => {
  test.slow(); // a payment confirmed by the worker, then two pages at two widths
  const owner = await seedOwner("participants");
  const key = await seedApiKey(owner.merchantId);
  await signIn(page.context(), owner);

  await page.goto(`${baseUrl()}${dashboardPath(owner, "/participants")}`);
  await expect(page.getByRole("heading", { name: "Participants", level: 1 })).toBeVisible();
  await expect(page.getByText("No participants yet")).toBeVisible();

  const seller = await api<Participant>(key, "POST", "/api/v1/participants", {
    reference: "seller-ada",
    name: "Ada's Ceramics",
    address: "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
  });
  expect(seller.status).toBe(201);
  const other = await api<Participant>(key, "POST", "/api/v1/participants", {
    reference: "seller-bo",
    name: "Bo Prints",
    address: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
  });
  expect(other.status).toBe(201);
  const invoice = await api<Invoice>(key, "POST", "/api/v1/invoices", {
    amount: "10.00",
    currency: "USDC",
    order_id: "order-split",
    payment_methods: [{ network: "devnet", asset: "USDC" }],
    splits: [
      { participant: seller.body.id, percent: "70" },
      { participant: other.body.id, percent: "12.5" },
    ],
  });
  expect(invoice.status).toBe(201);
  await payFromTestAccount({
    network: "devnet",
    asset: "USDC",
    to: invoice.body.payment_options[0]!.address,
    amount: 10_000_000n,
  });
  await mineBlocks("devnet", 3);
  await expect
    .poll(async () => (await api<Participant>(key, "GET", `/api/v1/participants/${seller.body.id}`)).body.balances, {
      timeout: 30_000,
    })
    .toEqual([{ network: "devnet", asset: "USDC", available: "7.00", available_base_units: "7000000" }]);

  await page.reload();
  const rows = page.getByRole("row").filter({ has: page.getByRole("cell") });
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("Bo Prints");
  await expect(rows.nth(0)).toContainText("1.25 USDC");
  await expect(rows.nth(1)).toContainText("Ada's Ceramics");
  await expect(rows.nth(1)).toContainText("seller-ada");
  await expect(rows.nth(1)).toContainText("7.00 USDC");
  await screenshot(page, "participants");

  await rows.nth(1).click();
  await expect(page).toHaveURL(new RegExp(`/participants/${seller.body.id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Ada's Ceramics");
  await expect(page.getByRole("region", { name: "Balances" })).toContainText("7.00 USDC");
  const movements = page.getByRole("region", { name: "Splits received and payouts" });
  const movementRows = movements.getByRole("row").filter({ has: page.getByRole("cell") });
  await expect(movementRows).toHaveCount(1);
  await expect(movementRows.first()).toContainText("Split received");
  await expect(movementRows.first()).toContainText("7.00 USDC");
  await expect(movementRows.first()).toContainText(invoice.body.id);
  await screenshot(page, "participant-detail");

  // The statement, through the session's download route.
  const href = await page.getByRole("link", { name: "Download statement" }).getAttribute("href");
  const csv = await page.request.get(`${baseUrl()}${href}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  const lines = (await csv.text())
    .replace(/^\uFEFF/, "")
    .trimEnd()
    .split("\r\n");
  expect(lines).toHaveLength(2);
  expect(lines[0]!.startsWith("id,created_at,type,status,network,asset,amount,amount_base_units,balance,")).toBe(true);
  expect(lines[1]).toContain(`,split,posted,devnet,USDC,7.00,7000000,7.00,7000000,${invoice.body.id},order-split,`);

  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflowingElements(page)).toEqual([]);
  await screenshot(page, "participant-detail-390");
  await page.goto(`${baseUrl()}${dashboardPath(owner, "/participants")}`);
  await expect(page.getByRole("row").filter({ has: page.getByRole("cell") })).toHaveCount(2);
  expect(await overflowingElements(page)).toEqual([]);
  expect(await sidewaysScroll(page.getByRole("table"))).toBe(0);
  await screenshot(page, "participants-390");
});
