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

interface Customer {
  id: string;
  deposit_address: string;
}

test("customers: the list, a customer's detail with its address and deposits (USDC and ETH, confirmed by the worker)", async ({
  page,
}) => {
  test.slow();
  const owner = await seedOwner("customers");
  const key = await seedApiKey(owner.merchantId);
  await signIn(page.context(), owner);

  await page.goto(`${baseUrl()}${dashboardPath(owner, "/customers")}`);
  await expect(page.getByRole("heading", { name: "Customers" })).toBeVisible();
  await expect(page.getByText("No customers yet")).toBeVisible();

  const ada = await api<Customer>(key, "POST", "/api/v1/customers", {
    reference: "user_ada",
    name: "Ada Lovelace",
    email: "ada@example.com",
  });
  expect(ada.status).toBe(201);
  const bob = await api<Customer>(key, "POST", "/api/v1/customers", { reference: "user_bob" });
  expect(bob.status).toBe(201);

  // Two deposits to Ada's permanent address; the worker (running in the e2e stack) records and confirms them.
  const to = ada.body.deposit_address as Address;
  await payFromTestAccount({ network: "devnet", asset: "USDC", to, amount: 12_500_000n });
  await payFromTestAccount({ network: "devnet-b", asset: "ETH", to, amount: 50_000_000_000_000_000n });
  await mineBlocks("devnet", 3);
  await mineBlocks("devnet-b", 3);

  await page.reload();
  const rows = page.getByRole("row").filter({ has: page.getByRole("cell") });
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("user_bob");
  await expect(rows.nth(1)).toContainText("user_ada");
  await expect(rows.nth(1)).toContainText("Ada Lovelace");
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("row").filter({ hasText: "user_ada" })).toContainText("12.50 USDC", { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await screenshot(page, "customers");
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflowingElements(page)).toEqual([]);
  expect(await sidewaysScroll(page.getByRole("table"))).toBe(0);
  await screenshot(page, "customers-390");
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole("row").filter({ hasText: "user_ada" }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${ada.body.id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("user_ada");
  await expect(page.getByRole("region", { name: "Deposit address" })).toContainText(ada.body.deposit_address);
  const deposits = page.getByRole("region", { name: "Deposits" });
  const depositRows = deposits.getByRole("row").filter({ has: page.getByRole("cell") });
  await expect(async () => {
    await page.reload();
    await expect(depositRows).toHaveCount(2, { timeout: 2_000 });
    await expect(depositRows.getByText("Confirmed")).toHaveCount(2, { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(depositRows.filter({ hasText: "USDC" })).toContainText("12.50 USDC");
  await expect(depositRows.filter({ hasText: "ETH" })).toContainText("0.05 ETH");
  const summary = page.getByRole("region", { name: "Summary" });
  await expect(summary).toContainText("ada@example.com");
  await expect(summary).toContainText("12.50 USDC");
  await screenshot(page, "customer-detail");

  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflowingElements(page)).toEqual([]);
  await screenshot(page, "customer-detail-390");

  // Another merchant's customer is not found in this merchant's dashboard.
  await page.goto(`${baseUrl()}${dashboardPath(owner, "/customers/cus_0000000000000000000000")}`);
  await expect(page.getByText("No such customer in this mode")).toBeVisible();
  // The frame every detail page shares: the way back to the list above the not-found panel.
  await expect(page.getByRole("main").getByRole("link", { name: "Customers" })).toHaveAttribute(
    "href",
    dashboardPath(owner, "/customers"),
  );
  await screenshot(page, "customer-not-found-390");
});
