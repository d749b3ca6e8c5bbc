import { expect, test } from "@playwright/test";
import { mineBlocks, payFromTestAccount } from "../fixtures/api";
import { createInvoice, getInvoice, readQrCode, screens } from "../fixtures/checkout";

test.use({ permissions: ["clipboard-read", "clipboard-write"] });

test("a partial payment shows what arrived and what is still due, and the rest to the same address completes it", async ({
  page,
}) => {
  const invoice = await createInvoice({
    amount: "25.00",
    currency: "USDC",
    payment_methods: [{ network: "devnet", asset: "USDC" }],
  });
  const option = invoice.payment_options[0]!;

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(invoice.hosted_url);
  await expect(page.getByRole("status")).toHaveText("Waiting for payment");

  await payFromTestAccount({ network: "devnet", asset: "USDC", to: option.address, amount: 10_000_000n });
  await expect(page.getByRole("status")).toHaveText("Payment seen — confirming (1 of 3)");
  await expect(page.getByRole("heading", { name: "We've seen your payment" })).toBeVisible();
  await expect(page.getByRole("progressbar", { name: "Confirmations" })).toHaveAttribute("aria-valuenow", "1");
  await screens(page, "partial-confirming");
  await mineBlocks("devnet", 2);

  await expect(page.getByRole("status")).toHaveText("Partially paid — 10.00 USDC received, 15.00 USDC still due");
  await expect(page.getByTestId("amount")).toHaveText("15.00 USDC");
  await expect(page.getByText("of 25.00 USDC in total")).toBeVisible();
  await expect(page.getByText(/Pay the rest to the same address/)).toBeVisible();

  // What the page asks for now comes from the server's base units: 15 USDC, to the same address.
  const partial = await getInvoice(invoice.id);
  expect(partial.payment_options[0]).toMatchObject({
    amount_due: "15.00",
    amount_due_base_units: "15000000",
    address: option.address,
  });
  const restUri = option.payment_uri.replace("uint256=25000000", "uint256=15000000");
  expect(await readQrCode(page)).toBe(restUri);
  await expect(page.getByRole("link", { name: "Open in wallet" })).toHaveAttribute("href", restUri);
  await page.getByRole("button", { name: "Copy amount" }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("15.00");
  await page.setViewportSize({ width: 390, height: 844 });
  await screens(page, "partial");

  await payFromTestAccount({ network: "devnet", asset: "USDC", to: option.address, amount: 15_000_000n });
  await mineBlocks("devnet", 2);
  await expect(page.getByRole("status")).toHaveText("Paid");
  await expect(page.getByTestId("tx-hash")).toHaveCount(2); // both payments on the receipt
  await screens(page, "paid-in-two");
});
