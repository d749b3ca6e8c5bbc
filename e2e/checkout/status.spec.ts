import { expect, test } from "@playwright/test";
import { DEVNETS } from "../../server/chains/catalog";
import { api, baseUrl, devnetRpcUrl } from "../fixtures/api";
import { createInvoice } from "../fixtures/checkout";

test("the page is private, uncached and runs only its own scripts; /status answers what the page polls", async ({
  request,
}) => {
  const invoice = await createInvoice({
    amount: "3.00",
    currency: "USDC",
    payment_methods: [{ network: "devnet", asset: "USDC" }],
  });

  const page = await request.get(invoice.hosted_url);
  expect(page.status()).toBe(200);
  expect(page.headers()["cache-control"]).toBe("private, no-store");
  expect(page.headers()["x-robots-tag"]).toBe("noindex, nofollow");
  const csp = page.headers()["content-security-policy"]!;
  expect(csp.split("; ")).toEqual([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https: http:",
    `connect-src 'self' https: wss: ${DEVNETS.map((devnet) => new URL(devnetRpcUrl(devnet.id)).origin).join(" ")}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ]);
  const html = await page.text();
  expect(html).not.toContain("__NEXT_DATA__"); // no framework state shipped: the page is its HTML
  const version = /data-version="([\w-]{16})"/.exec(html)![1];

  const status = await request.get(`${baseUrl()}/pay/${invoice.id}/status`);
  expect(status.status()).toBe(200);
  expect(status.headers()["cache-control"]).toBe("no-store");
  expect(await status.json()).toEqual({ id: invoice.id, status: "created", final: false, version });

  // Cancelling changes what the page shows, so the version changes with the status.
  expect((await api("POST", `/api/v1/invoices/${invoice.id}/cancel`)).status).toBe(200);
  const cancelled = await (await request.get(`${baseUrl()}/pay/${invoice.id}/status`)).json();
  expect(cancelled).toEqual({
    id: invoice.id,
    status: "cancelled",
    final: true,
    version: expect.stringMatching(/^[\w-]{16}$/),
  });
  expect(cancelled.version).not.toBe(version);

  const unknown = await request.get(`${baseUrl()}/pay/inv_doesnotexist0000000000/status`);
  expect(unknown.status()).toBe(404);
  expect(await unknown.json()).toEqual({
    error: { type: "invalid_request_error", code: "resource_missing", message: "No such invoice." },
  });
});

test("while the status can't be fetched the page says it is retrying, and stops saying so once it can", async ({
  page,
}) => {
  const invoice = await createInvoice({
    amount: "3.00",
    currency: "USDC",
    payment_methods: [{ network: "devnet", asset: "USDC" }],
  });
  await page.goto(invoice.hosted_url);
  const retrying = page.getByText("Can't reach the server. Retrying…");
  await expect(page.getByRole("status")).toHaveText("Waiting for payment");
  await expect(retrying).toBeHidden();

  // The connection drops (the page's polls fail), then comes back.
  await page.route("**/pay/*/status", (route) => route.abort("internetdisconnected"));
  await expect(retrying).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("Waiting for payment"); // the last known status stays
  await page.unroute("**/pay/*/status");
  await expect(retrying).toBeHidden();
});
