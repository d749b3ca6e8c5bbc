import { expect, test } from "@playwright/test";
import { baseUrl } from "../fixtures/api";

// /docs is Scalar's reference over our OpenAPI document, served entirely from this origin (the gateway
// may run offline): no CDN, no telemetry, its own Content-Security-Policy.
test("/docs renders the API reference from this origin only", async ({ page }) => {
  const requests: string[] = [];
  const problems: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) problems.push(message.text());
  });

  const res = await page.goto(`${baseUrl()}/docs`);
  expect(res?.status()).toBe(200);
  const csp = res?.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  await expect(page.getByText("Create an invoice").first()).toBeVisible();

  expect(requests.some((url) => url.startsWith(`${baseUrl()}/api/v1/openapi.json`))).toBe(true);
  expect(requests.filter((url) => new URL(url).origin !== new URL(baseUrl()).origin)).toEqual([]);
  expect(problems).toEqual([]);
});
