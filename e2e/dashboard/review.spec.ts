import type { Address } from "viem";
import { mineBlocks, payFromTestAccount } from "../fixtures/api";
import {
  api,
  baseUrl,
  dashboardPath,
  db,
  expect,
  overflowingElements,
  screenshot,
  seedApiKey,
  seedOwner,
  sidewaysScroll,
  signIn,
  test,
} from "./fixtures";

// anvil's standard test account 3, which the payment fixture pays from.
const PAYER = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

test("an overpaid invoice waits in review; the owner refunds part of it, confirming amount, address and network", async ({
  page,
}) => {
  const owner = await seedOwner("review");
  const key = await seedApiKey(owner.merchantId);
  const created = await api<{ id: string; payment_options: { network: string; asset: string; address: Address }[] }>(
    key,
    "POST",
    "/api/v1/invoices",
    {
      amount: "25.00",
      currency: "USDC",
      order_id: "order-over",
      payment_methods: [{ network: "devnet", asset: "USDC" }],
    },
  );
  expect(created.status).toBe(201);
  const invoiceId = created.body.id;
  await payFromTestAccount({
    network: "devnet",
    asset: "USDC",
    to: created.body.payment_options[0]!.address,
    amount: 30_000_000n,
  });
  await mineBlocks("devnet", 3);
  await expect
    .poll(
      async () =>
        (await api<{ status: string; review_reason: string }>(key, "GET", `/api/v1/invoices/${invoiceId}`)).body,
      { timeout: 30_000 },
    )
    .toMatchObject({ status: "review_required", review_reason: "overpaid" });

  await signIn(page.context(), owner);
  await page.goto(`${baseUrl()}${dashboardPath(owner, "/review")}`);
  const row = page.getByRole("row", { name: new RegExp(invoiceId) });
  await expect(row).toContainText("Overpaid");
  await expect(row).toContainText("30.00 USDC");
  await expect(row).toContainText("25.00 USDC");
  await screenshot(page, "review-queue");
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflowingElements(page)).toEqual([]);
  expect(await sidewaysScroll(page.getByRole("table"))).toBe(0);
  await screenshot(page, "review-queue-390");
  await page.setViewportSize({ width: 1280, height: 860 });

  await row.getByRole("button", { name: `Resolve invoice ${invoiceId}` }).click();
  const dialog = page.getByRole("dialog", { name: "Resolve invoice" });
  await dialog.getByRole("radio", { name: /Refund/ }).check();
  // Prefilled with what can be refunded, to the address that paid.
  await expect(dialog.getByLabel("Refund address")).toHaveValue(PAYER);
  await expect(dialog.getByLabel("Refund amount (USDC)")).toHaveValue("30.00");
  await expect(dialog.getByText("Refundable: 30.00 USDC on Devnet")).toBeVisible();
  await dialog.getByLabel("Refund amount (USDC)").fill("30.01");
  await dialog.getByRole("button", { name: "Review" }).click();
  await expect(dialog.getByText("Say why, for whoever reads this later")).toBeVisible();
  await dialog.getByLabel("Note (required)").fill("Customer sent 5 USDC too much; returning the excess.");
  await dialog.getByRole("button", { name: "Review" }).click();
  // More than was received: the server refuses, the form says why.
  const confirm = page.getByRole("dialog", { name: "Confirm resolution" });
  await confirm.getByRole("button", { name: "Confirm refund" }).click();
  await expect(dialog.getByRole("alert").first()).toHaveText("At most 30 USDC can be refunded.");
  await dialog.getByLabel("Refund amount (USDC)").fill("5.00");
  await screenshot(page, "resolve-form");
  await dialog.getByRole("button", { name: "Review" }).click();

  await expect(confirm.getByTestId("resolution-summary")).toContainText("Refund 5.00 USDC on Devnet");
  await expect(confirm.getByTestId("resolution-summary")).toContainText(PAYER);
  await screenshot(page, "resolve-confirm");
  await confirm.getByRole("button", { name: "Confirm refund" }).click();
  await expect(page.getByText("Invoice refunded")).toBeVisible();
  await expect(page.getByText("Nothing to review")).toBeVisible();

  expect((await api<{ status: string }>(key, "GET", `/api/v1/invoices/${invoiceId}`)).body.status).toBe("refunded");
  const resolution = await db().invoiceResolution.findFirstOrThrow({ where: { invoiceId } });
  expect(resolution).toMatchObject({
    action: "refund",
    actor: owner.userId,
    refundAddress: PAYER,
    refundNetwork: "devnet",
    refundAsset: "USDC",
    note: "Customer sent 5 USDC too much; returning the excess.",
  });
  expect(resolution.refundAmount?.toFixed(0)).toBe("5000000");

  // The invoice shows the decision, who made it, and every event with its raw JSON.
  await page.goto(`${baseUrl()}${dashboardPath(owner, `/invoices/${invoiceId}`)}`);
  await expect(page.getByRole("heading", { name: "25.00 USDC" })).toBeVisible();
  // The status badge (the summary's "Refunded" line is the amount refunded).
  await expect(page.getByText("Refunded", { exact: true }).first()).toBeVisible();
  await expect(page.getByText(`refund by ${owner.email}`, { exact: false })).toBeVisible();
  const payments = page.getByRole("region", { name: "Payments" });
  await expect(payments).toContainText("30.00 USDC");
  await expect(payments).toContainText("confirmed");
  await page.getByText("JSON of invoice.refunded").click();
  await expect(page.getByText('"type": "invoice.refunded"')).toBeVisible();
  await screenshot(page, "invoice-detail");

  await page.goto(`${baseUrl()}${dashboardPath(owner, "/settings/audit")}`);
  await expect(page.getByRole("row", { name: /invoice\.resolved/ })).toContainText(owner.email);

  // A second invoice paid exactly: the overview counts both and charts the paid volume.
  const exact = await api<{ id: string; payment_options: { address: Address }[] }>(key, "POST", "/api/v1/invoices", {
    amount: "10.00",
    currency: "USDC",
    payment_methods: [{ network: "devnet", asset: "USDC" }],
  });
  await payFromTestAccount({
    network: "devnet",
    asset: "USDC",
    to: exact.body.payment_options[0]!.address,
    amount: 10_000_000n,
  });
  await mineBlocks("devnet", 3);
  await expect
    .poll(async () => (await api<{ status: string }>(key, "GET", `/api/v1/invoices/${exact.body.id}`)).body.status, {
      timeout: 30_000,
    })
    .toBe("paid");
  await page.goto(`${baseUrl()}${dashboardPath(owner)}`);
  await expect(page.getByRole("link", { name: "Invoices created 2" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Paid 1" })).toBeVisible();
  await expect(page.getByText("No invoice waits for review")).toBeVisible();
  await expect(
    page.getByRole("region", { name: "Paid volume" }).locator(".recharts-bar-rectangle").first(),
  ).toBeVisible();
  await screenshot(page, "overview");
});
