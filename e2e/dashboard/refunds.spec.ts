import { mineBlocks, payFromTestAccount } from "../fixtures/api";
import { api, baseUrl, dashboardPath, expect, screenshot, seedApiKey, seedOwner, signIn, test } from "./fixtures";

// Refunds on the invoice page: the list (status, amount, where to), a refund by claim link made from the Refund
// dialog, the link shown once with its copy button. Screenshots: dashboard-invoice-refunds(-390).png.

interface Invoice {
  id: string;
  status: string;
  payment_options: { address: `0x${string}` }[];
}

test("the invoice page lists its refunds and refunds by claim link from the dialog", async ({ page }) => {
  test.slow();
  const owner = await seedOwner("refunds");
  const key = await seedApiKey(owner.merchantId);
  const invoice = (
    await api<Invoice>(key, "POST", "/api/v1/invoices", {
      amount: "20.00",
      currency: "USDC",
      order_id: "ord-refund-1",
      payment_methods: [{ network: "devnet", asset: "USDC" }],
    })
  ).body;
  await payFromTestAccount({
    network: "devnet",
    asset: "USDC",
    to: invoice.payment_options[0]!.address,
    amount: 20_000_000n,
  });
  await mineBlocks("devnet", 2);
  await expect
    .poll(async () => (await api<Invoice>(key, "GET", `/api/v1/invoices/${invoice.id}`)).body.status, {
      timeout: 30_000,
    })
    .toBe("paid");
  const first = await api<{ id: string; status: string }>(key, "POST", "/api/v1/refunds", {
    invoice: invoice.id,
    amount: "5.00",
    address: "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
  });
  expect(first.status).toBe(201);

  await signIn(page.context(), owner);
  await page.goto(`${baseUrl()}${dashboardPath(owner, `/invoices/${invoice.id}`)}`);
  const panel = page.getByRole("region", { name: "Refunds" });
  await expect(panel.getByRole("row").filter({ has: page.getByRole("cell") })).toHaveCount(1);
  await expect(panel).toContainText("5.00 USDC");

  // A refund of the rest by claim link: the dialog restates it, then shows the link once.
  await panel.getByRole("button", { name: "Refund", exact: true }).click();
  await expect(page.getByText("Refundable: 15 USDC. Empty refunds all of it.")).toBeVisible();
  await page.getByRole("button", { name: "Review refund" }).click();
  await expect(page.getByText("The address the customer confirms")).toBeVisible();
  await page.getByRole("button", { name: "Refund 15 USDC" }).click();
  await expect(page.getByTestId("claim-link")).toContainText(/\/claim\/[0-9A-Za-z]{32}/);
  await screenshot(page, "invoice-refund-claim-link");
  await page.getByRole("button", { name: "Done" }).click();

  const rows = panel.getByRole("row").filter({ has: page.getByRole("cell") });
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText("Awaiting address");
  await expect(rows.first()).toContainText("Claim link");
  await expect(page.getByText("Refunded", { exact: true }).first()).toBeVisible();
  await screenshot(page, "invoice-refunds");
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, "invoice-refunds-390");
});
