import { expect, test } from "@playwright/test";
import { createInvoice, readQrCode, screens } from "../fixtures/checkout";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("a single option goes straight to paying: exact amount and address copy, the QR code encodes the payment URI", async ({
  page,
}) => {
  const invoice = await createInvoice({
    amount: "0.015",
    currency: "ETH",
    payment_methods: [{ network: "devnet-b", asset: "ETH" }],
  });
  const option = invoice.payment_options[0]!;
  expect(option.payment_uri).toBe(`ethereum:${option.address}@31338?value=15000000000000000`);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(invoice.hosted_url);
  await expect(page.getByRole("heading", { name: "Pay with ETH on Devnet B" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Choose how to pay" })).toHaveCount(0);
  await expect(page.getByRole("status")).toHaveText("Waiting for payment");
  await expect(page.getByText("Send only ETH on Devnet B.")).toBeVisible();

  // The grouped address reads (and selects) as the address itself.
  await expect(page.getByText(option.address, { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Copy address" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(option.address);

  await page.getByRole("button", { name: "Copy amount" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("0.015");

  expect(await readQrCode(page)).toBe(option.payment_uri);
  await expect(page.getByRole("link", { name: "Open in wallet" })).toHaveAttribute("href", option.payment_uri);
  await expect(page.getByText(/^\d+:\d\d$/)).toBeVisible(); // time left

  // Nothing overflows the narrowest supported phone.
  await page.setViewportSize({ width: 360, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  await screens(page, "single-option");
  await page.emulateMedia({ colorScheme: "dark" });
  await screens(page, "single-option-dark");
});
