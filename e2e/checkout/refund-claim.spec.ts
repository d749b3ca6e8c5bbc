import { expect, test, type Page } from "@playwright/test";
import { api, mineBlocks, payFromTestAccount } from "../fixtures/api";
import { createInvoice, getInvoice, withDb } from "../fixtures/checkout";

// The refund claim page (pages/claim/[token].tsx) at a phone's width: enter an address, see it read back with the
// amount and network, confirm, and the page says the refund is on its way; a used link keeps no form, an expired or
// unknown one explains itself. No JavaScript is loaded at any step. Screenshots: test-results/screens/claim-*.png.

const CUSTOMER = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screens/claim-${name}-390.png`, fullPage: true });
}

/** A paid 12.00 USDC invoice of the e2e merchant. */
async function paidInvoice(): Promise<string> {
  const invoice = await createInvoice({
    amount: "12.00",
    currency: "USDC",
    payment_methods: [{ network: "devnet", asset: "USDC" }],
  });
  await payFromTestAccount({
    network: "devnet",
    asset: "USDC",
    to: invoice.payment_options[0]!.address,
    amount: 12_000_000n,
  });
  await mineBlocks("devnet", 2);
  await expect.poll(async () => (await getInvoice(invoice.id)).status, { timeout: 30_000 }).toBe("paid");
  return invoice.id;
}

async function newRefund(invoice: string, amount: string): Promise<{ id: string; claim_url: string }> {
  const res = await api<{ id: string; claim_url: string; status: string }>("POST", "/api/v1/refunds", {
    invoice,
    amount,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.status).toBe("awaiting_address");
  return res.body;
}

test("the customer claims a refund: enter, check, confirm; a used, expired or unknown link has no form", async ({
  page,
}) => {
  test.slow();
  const scripts: string[] = [];
  page.on("request", (r) => {
    if (r.resourceType() === "script") scripts.push(r.url());
  });
  await page.setViewportSize({ width: 390, height: 844 });
  const invoice = await paidInvoice();
  const refund = await newRefund(invoice, "5.00");

  // 1. Enter the address.
  const first = await page.goto(refund.claim_url);
  expect(first?.status()).toBe(200);
  await expect(page.getByTestId("amount")).toHaveText("5.00 USDC");
  await expect(page.getByRole("heading", { name: "Where should we send your refund?" })).toBeVisible();
  await expect(page.getByText("Enter an address on Devnet that can receive USDC")).toBeVisible();
  await shot(page, "enter");

  // A bad address comes back to the form with the reason.
  await page.getByLabel("Your address on Devnet").fill("0x1234");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("alert")).toHaveText(
    "That is not a valid address. Paste the whole address, starting with 0x.",
  );
  await expect(page.getByLabel("Your address on Devnet")).toHaveAttribute("aria-invalid", "true");
  await shot(page, "bad-address");

  // 2. Check it: read back with the amount and network.
  await page.getByLabel("Your address on Devnet").fill(CUSTOMER.toLowerCase());
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Check the address" })).toBeVisible();
  await expect(page.getByTestId("review-address")).toHaveText(CUSTOMER);
  await expect(page.getByRole("definition").filter({ hasText: "5.00 USDC" })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: /^Devnet$/ })).toBeVisible();
  await shot(page, "confirm");

  // 3. Confirm: the refund is paid to it, and the page says so.
  await page.getByRole("button", { name: "Confirm and send refund" }).click();
  await expect(page).toHaveURL(refund.claim_url);
  await expect(
    page.getByRole("heading", { name: /Your refund (is on its way|has been sent)|Refund sent/ }),
  ).toBeVisible();
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await expect(page.getByRole("button")).toHaveCount(0);
  await shot(page, "done");
  const stored = await api<{ status: string; address: string; payout: string | null }>(
    "GET",
    `/api/v1/refunds/${refund.id}`,
  );
  expect([stored.body.address, stored.body.payout?.startsWith("po_")]).toEqual([CUSTOMER, true]);

  // The same link again: where the refund stands, never a second form.
  await page.goto(refund.claim_url);
  await expect(page.getByRole("textbox")).toHaveCount(0);

  // An expired link: a clear page, no form.
  const late = await newRefund(invoice, "1.00");
  await withDb((db) =>
    db.refund.update({ where: { id: late.id }, data: { claimExpiresAt: new Date(Date.now() - 60_000) } }),
  );
  const expired = await page.goto(late.claim_url);
  expect(expired?.status()).toBe(410);
  await expect(page.getByRole("heading", { name: "This refund link has expired" })).toBeVisible();
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await expect(page.getByRole("button")).toHaveCount(0);
  await shot(page, "expired");

  // A link that opens nothing.
  const unknown = await page.goto(late.claim_url.replace(/\/claim\/.*/, `/claim/${"A".repeat(32)}`));
  expect(unknown?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This refund link is not valid" })).toBeVisible();
  await shot(page, "not-found");

  // Not one script at any step: the page is server-rendered forms.
  expect(scripts).toEqual([]);
});
