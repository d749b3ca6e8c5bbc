import { expect, test } from "@playwright/test";
import { mineBlocks, payFromTestAccount } from "../fixtures/api";
import { createInvoice, readQrCode, screens } from "../fixtures/checkout";

test("an invoice payable on two networks asks how to pay, then shows the chosen option and is paid there", async ({
  page,
}) => {
  const invoice = await createInvoice({ amount: "12.50", currency: "USDC", order_id: "e2e-choose" });
  expect(invoice.payment_options.map((o) => o.network)).toEqual(["devnet", "devnet-b"]);
  const devnetB = invoice.payment_options[1]!;

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(invoice.hosted_url);
  await expect(page.getByRole("heading", { name: "Choose how to pay" })).toBeVisible();
  const choices = page.getByRole("listitem").getByRole("link");
  await expect(choices).toHaveCount(2);
  // Network and asset in their own labelled columns, the amount beside each.
  await expect(choices.nth(0)).toHaveAccessibleName("Pay 12.50 USDC on Devnet");
  await expect(choices.nth(1)).toHaveAccessibleName("Pay 12.50 USDC on Devnet B");
  for (const part of ["Network", "Devnet B", "Asset", "USDC", "12.50 USDC"])
    await expect(choices.nth(1).getByText(part, { exact: true })).toBeVisible();
  // Nothing to pay to until an option is chosen.
  await expect(page.getByRole("img", { name: /QR code/ })).toHaveCount(0);
  await screens(page, "choose");

  // Keyboard: choose the second option (a link), focus lands on its details.
  await page.setViewportSize({ width: 390, height: 844 });
  await choices.nth(1).focus();
  await page.keyboard.press("Enter");
  const heading = page.getByRole("heading", { name: "Pay with USDC on Devnet B" });
  await expect(heading).toBeFocused();
  await expect(
    page.getByText("Send only USDC on Devnet B. Other networks or assets will not be credited automatically."),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: "Open in wallet" })).toHaveAttribute("href", devnetB.payment_uri);
  expect(await readQrCode(page)).toBe(devnetB.payment_uri);
  await screens(page, "chosen");

  // Change of mind: back to the choice, and back again.
  await page.getByRole("link", { name: "Change network or asset" }).click();
  await expect(page.getByRole("heading", { name: "Choose how to pay" })).toBeFocused();
  await page.getByRole("link", { name: "Pay 12.50 USDC on Devnet B" }).click();
  await expect(page.getByRole("heading", { name: "Pay with USDC on Devnet B" })).toBeFocused();

  await payFromTestAccount({ network: "devnet-b", asset: "USDC", to: devnetB.address, amount: 12_500_000n });
  await expect(page.getByRole("status")).toHaveText("Payment seen — confirming (1 of 3)");
  await mineBlocks("devnet-b", 2);
  await expect(page.getByRole("status")).toHaveText("Paid");
  await expect(page.getByRole("definition").filter({ hasText: "Devnet B" })).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the page still offers every option, the chosen option's address, amount and QR code, and the status", async ({
    page,
  }) => {
    const invoice = await createInvoice({ amount: "7.00", currency: "USDC", order_id: "e2e-no-js" });
    const devnet = invoice.payment_options[0]!;
    await page.goto(invoice.hosted_url);
    await expect(page.getByRole("status")).toHaveText("Waiting for payment");
    await page.getByRole("link", { name: "Pay 7.00 USDC on Devnet", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Pay with USDC on Devnet" })).toBeVisible();
    await expect(page.getByText(devnet.address, { exact: true })).toBeVisible();
    await expect(page.getByTestId("amount")).toHaveText("7.00 USDC");
    await expect(page.getByRole("link", { name: "Open in wallet" })).toHaveAttribute("href", devnet.payment_uri);
    // The QR code is an image the server draws (read back by the test above, which may run scripts).
    const qr = await page.request.get(
      new URL((await page.getByRole("img", { name: /QR code/ }).getAttribute("src"))!, page.url()).href,
    );
    expect(qr.status()).toBe(200);
    expect(qr.headers()["content-type"]).toBe("image/svg+xml; charset=utf-8");
    await expect(page.getByText(/^\d+(:\d\d)+$/)).toBeVisible(); // time left, as of the server's render
  });
});
