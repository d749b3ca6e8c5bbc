import { expect, test } from "@playwright/test";
import { api, mineBlocks, payFromTestAccount } from "../fixtures/api";
import { createInvoice, expireNow, screens } from "../fixtures/checkout";

test("an expired request says what to do, even if the customer already paid, and the page stops polling", async ({
  page,
}) => {
  const invoice = await createInvoice({
    amount: "9.00",
    currency: "USDC",
    payment_methods: [{ network: "devnet", asset: "USDC" }],
  });
  // Count the page's status polls, under a clock the test can run forward.
  await page.addInitScript(() => {
    const w = window as unknown as { __polls: number };
    w.__polls = 0;
    const original = window.fetch;
    window.fetch = (input, init) => {
      if (String(input instanceof Request ? input.url : input).endsWith(`/status`)) w.__polls++;
      return original(input, init);
    };
  });
  await page.clock.install();
  const polls = () => page.evaluate(() => (window as unknown as { __polls: number }).__polls);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(invoice.hosted_url);
  await expect(page.getByRole("status")).toHaveText("Waiting for payment");
  const before = await polls();
  await page.clock.runFor(4_100);
  expect(await polls()).toBeGreaterThan(before); // polling while open

  await expireNow(invoice.id);
  await expect(page.getByRole("status")).toHaveText("Expired");
  await expect(
    page.getByText("This payment request expired before a payment arrived. Don't send funds to this address."),
  ).toBeVisible();
  await expect(page.getByRole("heading", { name: "Already sent a payment?" })).toBeVisible();
  await expect(page.getByRole("link", { name: "help@e2e.example" })).toHaveAttribute(
    "href",
    /^mailto:help@e2e\.example\?subject=/,
  );
  await expect(page.getByRole("img", { name: /QR code/ })).toHaveCount(0);
  await expect(page.getByText(/Copy/)).toHaveCount(0);

  const atFinal = await polls();
  await page.clock.runFor(120_000);
  expect(await polls()).toBe(atFinal); // no polling at a final state
  await screens(page, "expired");
});

test("a cancelled request tells the customer not to pay", async ({ page }) => {
  const invoice = await createInvoice({
    amount: "4.00",
    currency: "USDC",
    payment_methods: [{ network: "devnet", asset: "USDC" }],
  });
  await page.goto(invoice.hosted_url);
  await expect(page.getByRole("status")).toHaveText("Waiting for payment");
  expect((await api("POST", `/api/v1/invoices/${invoice.id}/cancel`)).status).toBe(200);
  await expect(page.getByRole("status")).toHaveText("Cancelled");
  await expect(
    page.getByText("E2E Coffee Shop cancelled this payment request. Don't send funds to this address."),
  ).toBeVisible();
  await screens(page, "cancelled");
});

test("an overpayment is under review with the amounts, and the merchant's refund shows as refunded", async ({
  page,
}) => {
  const invoice = await createInvoice({
    amount: "5.00",
    currency: "USDC",
    payment_methods: [{ network: "devnet", asset: "USDC" }],
  });
  const option = invoice.payment_options[0]!;
  await page.goto(invoice.hosted_url);
  await payFromTestAccount({ network: "devnet", asset: "USDC", to: option.address, amount: 7_000_000n });
  await mineBlocks("devnet", 2);

  await expect(page.getByRole("status")).toHaveText("Under review");
  await expect(
    page.getByText("Your payment arrived and E2E Coffee Shop is reviewing it. Don't pay again"),
  ).toBeVisible();
  await expect(page.getByText("More than the requested amount was received.")).toBeVisible();
  for (const [term, value] of [
    ["Requested", "5.00 USDC"],
    ["Received", "7.00 USDC"],
    ["More than requested", "2.00 USDC"],
  ]) {
    await expect(
      page
        .getByRole("term")
        .filter({ hasText: new RegExp(`^${term}$`) })
        .locator("xpath=following-sibling::dd[1]"),
    ).toHaveText(value!);
  }
  await screens(page, "review");

  const resolved = await api("POST", `/api/v1/invoices/${invoice.id}/resolve`, {
    action: "refund",
    refund_address: "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
  });
  expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
  await page.reload(); // under review was final: the page stopped polling
  await expect(page.getByRole("status")).toHaveText("Refunded");
  await expect(page.getByText("E2E Coffee Shop refunded this payment.")).toBeVisible();
  await screens(page, "refunded");
});
