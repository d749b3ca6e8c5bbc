import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import type { Address } from "viem";
import {
  baseUrl,
  mineBlocks,
  payFromTestAccount,
  payrail,
  startWebhookReceiver,
  webhookHeaders,
} from "../fixtures/api";

test("an invoice created through the API is paid on its hosted page and the merchant gets a verifiable invoice.paid", async ({
  page,
}) => {
  const receiver = await startWebhookReceiver();
  try {
    // The merchant's side goes through the typed client (packages/client), over HTTP to the built app.
    const client = payrail();
    const endpoint = await client.POST("/api/v1/webhook_endpoints", {
      body: { url: receiver.url, events: ["invoice.paid"] },
    });
    expect(endpoint.response.status).toBe(201);
    const secret = endpoint.data!.secret;

    const created = await client.POST("/api/v1/invoices", {
      body: {
        amount: "25.00",
        currency: "USDC",
        order_id: "e2e-order-1",
        payment_methods: [{ network: "devnet", asset: "USDC" }],
      },
      params: { header: { "Idempotency-Key": `e2e-order-1-${Date.now()}` } },
    });
    expect(created.response.status, JSON.stringify(created.error)).toBe(201);
    const invoice = created.data!;
    const option = { ...invoice.payment_options[0]!, address: invoice.payment_options[0]!.address as Address };

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(invoice.hosted_url);
    await expect(page.getByText("E2E Coffee Shop")).toBeVisible();
    await expect(page.getByText("25.00 USDC").first()).toBeVisible();
    await expect(page.getByText(option.address)).toBeVisible();
    await expect(page.getByRole("status")).toContainText("Waiting for payment");
    // The live region is one element for the page's whole life: changes are announced, not re-mounted.
    const liveRegion = await page.getByRole("status").elementHandle();
    const qr = page.getByRole("img", { name: /QR code/i });
    await expect(qr).toBeVisible();
    await expect(page.getByRole("link", { name: /open in wallet/i })).toHaveAttribute("href", option.payment_uri);
    await page.screenshot({ path: "test-results/screens/checkout-waiting-390.png", fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: "test-results/screens/checkout-waiting-1280.png", fullPage: true });

    await payFromTestAccount({ network: "devnet", asset: "USDC", to: option.address, amount: 25_000_000n });
    await expect(page.getByRole("status")).toContainText("Payment seen — confirming (1 of 3)");
    await page.screenshot({ path: "test-results/screens/checkout-confirming-1280.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: "test-results/screens/checkout-confirming-390.png", fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await mineBlocks("devnet", 1);
    await expect(page.getByRole("status")).toContainText("confirming (2 of 3)");
    await mineBlocks("devnet", 1);
    await expect(page.getByRole("status")).toHaveText("Paid");
    expect(await liveRegion!.evaluate((el) => el.isConnected && el.textContent)).toBe("Paid");
    await page.screenshot({ path: "test-results/screens/checkout-paid-1280.png", fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: "test-results/screens/checkout-paid-390.png", fullPage: true });

    const after = await client.GET("/api/v1/invoices/{id}", { params: { path: { id: invoice.id } } });
    expect(after.response.status).toBe(200);
    expect(after.data).toMatchObject({
      status: "paid",
      amount: "25.00",
      amount_paid: "25.00",
      amount_due: "0.00",
      amount_overpaid: "0.00",
    });
    expect(after.data!.payments.map((p) => [p.amount_base_units, p.status])).toEqual([["25000000", "confirmed"]]);

    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(1);
    const delivery = receiver.received[0]!;
    const event = new Webhook(secret).verify(delivery.body, webhookHeaders(delivery)) as {
      type: string;
      data: { object: { id: string; status: string; order_id: string; amount_paid: string } };
    };
    expect(event.type).toBe("invoice.paid");
    expect(event.data.object).toMatchObject({
      id: invoice.id,
      status: "paid",
      order_id: "e2e-order-1",
      amount_paid: "25.00",
    });
  } finally {
    await receiver.close();
  }
});

test("an unknown invoice id shows a proper not-found page", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const response = await page.goto(`${baseUrl()}/pay/inv_doesnotexist0000000000`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This payment link is not valid");
  await page.screenshot({ path: "test-results/screens/checkout-404-390.png" });
});
