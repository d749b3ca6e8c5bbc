import { Webhook } from "standardwebhooks";
import { startWebhookReceiver, webhookHeaders } from "../fixtures/api";
import {
  baseUrl,
  dashboardPath,
  expect,
  overflowingElements,
  screenshot,
  seedOwner,
  sidewaysScroll,
  signIn,
  test,
} from "./fixtures";

test("add an endpoint, reveal its secret, send test events, and rotate the secret: both secrets verify during the overlap", async ({
  page,
}) => {
  const receiver = await startWebhookReceiver();
  try {
    const owner = await seedOwner("hooks");
    await signIn(page.context(), owner);
    await page.goto(`${baseUrl()}${dashboardPath(owner, "/developers/webhooks")}`);
    await expect(page.getByText("No webhook endpoints in this mode")).toBeVisible();

    await page.getByRole("button", { name: "Add endpoint" }).click();
    const dialog = page.getByRole("dialog", { name: "New test webhook endpoint" });
    await dialog.getByLabel("Endpoint URL").fill(receiver.url);
    await dialog.getByLabel("Description (optional)").fill("Order service");
    await dialog.getByRole("button", { name: "Add endpoint" }).click();
    const created = page.getByRole("dialog", { name: "Endpoint added: copy its signing secret" });
    const firstSecret = (await created.getByTestId("webhook-secret").textContent())!;
    expect(firstSecret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    await created.getByRole("link", { name: "Open endpoint" }).click();

    await expect(page.getByRole("heading", { name: receiver.url })).toBeVisible();
    await page.getByRole("button", { name: "Reveal secret" }).click();
    await expect(page.getByTestId("webhook-secret")).toHaveText(firstSecret);

    // A test event reaches the receiver, signed with the secret.
    await page.getByRole("button", { name: "Send test event" }).click();
    await page.getByRole("dialog", { name: "Send a test event" }).getByLabel("Event type").selectOption("invoice.paid");
    await page
      .getByRole("dialog", { name: "Send a test event" })
      .getByRole("button", { name: "Send test event" })
      .click();
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(1);
    const first = receiver.received[0]!;
    const event = new Webhook(firstSecret).verify(first.body, webhookHeaders(first)) as {
      type: string;
      data: { object: { metadata: Record<string, string> } };
    };
    expect(event.type).toBe("invoice.paid");
    expect(event.data.object.metadata).toEqual({ payrail_test: "true" });
    const deliveries = page.getByRole("region", { name: "Deliveries" });
    await expect(deliveries.getByText("succeeded", { exact: true })).toBeVisible();
    await deliveries.getByText("invoice.paid").click();
    await expect(deliveries.getByRole("cell", { name: "200" })).toBeVisible();
    await screenshot(page, "webhook-endpoint");

    // Rotate: a new secret, shown once; the old one keeps signing beside it.
    await page.getByRole("button", { name: "Rotate secret" }).click();
    await page
      .getByRole("dialog", { name: "Rotate the signing secret?" })
      .getByRole("button", { name: "Rotate secret" })
      .click();
    await expect(page.getByText("Secret rotated: copy the new one now")).toBeVisible();
    const secret = page.getByTestId("webhook-secret").first();
    await expect(secret).not.toHaveText(firstSecret);
    const newSecret = (await secret.textContent())!;
    expect(newSecret).toMatch(/^whsec_/);
    await expect(page.getByText(/The previous secret also signs until/)).toBeVisible();
    await screenshot(page, "webhook-rotated");

    await page.getByRole("button", { name: "Send test event" }).click();
    await page
      .getByRole("dialog", { name: "Send a test event" })
      .getByRole("button", { name: "Send test event" })
      .click();
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(2);
    const second = receiver.received[1]!;
    expect(String(second.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(() => new Webhook(newSecret).verify(second.body, webhookHeaders(second))).not.toThrow();
    expect(() => new Webhook(firstSecret).verify(second.body, webhookHeaders(second))).not.toThrow();

    // Resend the first delivery: a third request, with the same event id.
    const oldest = deliveries.locator("details").last();
    if ((await oldest.getAttribute("open")) === null) await oldest.locator("summary").click();
    await oldest.getByRole("button", { name: /^Resend delivery/ }).click();
    await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(3);
    expect(receiver.received[2]!.headers["webhook-id"]).toBe(first.headers["webhook-id"]);

    await page.goto(`${baseUrl()}${dashboardPath(owner, "/developers/webhooks")}`);
    await expect(page.getByRole("row", { name: /Order service/ })).toContainText("Enabled");
    await screenshot(page, "webhooks");
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await overflowingElements(page)).toEqual([]);
    expect(await sidewaysScroll(page.getByRole("table"))).toBe(0);
    await screenshot(page, "webhooks-390");
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.goto(`${baseUrl()}${dashboardPath(owner, "/settings/audit")}`);
    for (const action of [
      "webhook_endpoint.created",
      "webhook_endpoint.secret_revealed",
      "webhook_endpoint.secret_rotated",
      "webhook_endpoint.test_sent",
      "webhook_delivery.resent",
    ]) {
      await expect(page.getByRole("row", { name: new RegExp(action.replace(".", "\\.")) }).first()).toContainText(
        owner.email,
      );
    }
  } finally {
    await receiver.close();
  }
});
