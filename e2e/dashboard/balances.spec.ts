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

type Created = { id: string; payment_options: { address: Address }[] };

test("balances show what is available and what a short invoice holds, with every movement listed", async ({ page }) => {
  const owner = await seedOwner("balances");
  const key = await seedApiKey(owner.merchantId);
  const invoice = async (amount: string, order: string) => {
    const res = await api<Created>(key, "POST", "/api/v1/invoices", {
      amount,
      currency: "USDC",
      order_id: order,
      payment_methods: [{ network: "devnet", asset: "USDC" }],
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const paid = await invoice("10.00", "order-paid");
  const short = await invoice("25.00", "order-short");
  await payFromTestAccount({
    network: "devnet",
    asset: "USDC",
    to: paid.payment_options[0]!.address,
    amount: 10_000_000n,
  });
  await payFromTestAccount({
    network: "devnet",
    asset: "USDC",
    to: short.payment_options[0]!.address,
    amount: 5_000_000n,
  });
  await mineBlocks("devnet", 3);
  await expect
    .poll(
      async () =>
        (await api<{ data: { available: string; held: string }[] }>(key, "GET", "/api/v1/balances")).body.data,
      { timeout: 30_000 },
    )
    .toEqual([
      expect.objectContaining({ network: "devnet", asset: "USDC", available: "10.00", held: "5.00", pending: "0.00" }),
    ]);

  await signIn(page.context(), owner);
  await page.goto(`${baseUrl()}${dashboardPath(owner, "/balances")}`);
  await expect(page.getByRole("heading", { name: "Balances", level: 1 })).toBeVisible();
  const card = page.getByRole("list", { name: "Balances" }).getByRole("listitem");
  await expect(card).toHaveCount(1);
  await expect(card).toContainText("Devnet");
  await expect(card).toContainText(/10\.00 USDC\s*available/);
  await expect(card).toContainText(/Held\s*5\.00 USDC/);
  await expect(card).toContainText("On your deposit addresses: 15.00 USDC");

  const table = page.getByRole("table");
  await expect(table.getByRole("row")).toHaveCount(4); // header + two payments + the hold
  await expect(
    table.getByRole("row", { name: new RegExp(`-5.00 USDC.*Held: invoice ${short.id} is partially_paid`) }),
  ).toBeVisible();
  await expect(table.getByRole("row", { name: new RegExp(`10.00 USDC.*Payment.*${paid.id}`) }).first()).toBeVisible();
  await screenshot(page, "balances");
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflowingElements(page)).toEqual([]);
  expect(await sidewaysScroll(table)).toBe(0);
  await screenshot(page, "balances-390");
  await page.setViewportSize({ width: 1280, height: 860 });

  await table.getByRole("link", { name: short.id }).first().click();
  await expect(page).toHaveURL(new RegExp(`/invoices/${short.id}$`));
});
