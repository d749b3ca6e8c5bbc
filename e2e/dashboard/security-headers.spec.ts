// Issue 16, items 11 and 13: the dashboard is never framed and runs under a Content-Security-Policy (and still
// works: signing in and moving around raise no CSP violation); the hosted page and /docs keep their own policies;
// a crafted callbackUrl cannot send a signed-in user to another site.
import { api, baseUrl, dashboardPath, expect, PASSWORD, seedApiKey, seedOwner, test } from "./fixtures";

const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; " +
  "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

async function headersOf(path: string): Promise<Headers> {
  const res = await fetch(`${baseUrl()}${path}`, { redirect: "manual" });
  return res.headers;
}

test("dashboard and sign-in pages: CSP with frame-ancestors 'none', X-Frame-Options DENY, nosniff, Referrer-Policy; no HSTS over http", async () => {
  for (const path of ["/login", "/signup", "/dashboard", "/"]) {
    const headers = await headersOf(path);
    expect([path, headers.get("content-security-policy")]).toEqual([path, DASHBOARD_CSP]);
    expect([
      path,
      headers.get("x-frame-options"),
      headers.get("x-content-type-options"),
      headers.get("referrer-policy"),
    ]).toEqual([path, "DENY", "nosniff", "strict-origin-when-cross-origin"]);
    expect(headers.get("strict-transport-security")).toBeNull();
  }
});

test("the hosted page and /docs keep their own Content-Security-Policy, the API gets nosniff", async () => {
  const owner = await seedOwner("headers");
  const key = await seedApiKey(owner.merchantId);
  const invoice = await api<{ id: string }>(key, "POST", "/api/v1/invoices", { amount: "5.00", currency: "USDC" });
  expect(invoice.status).toBe(201);

  const pay = await headersOf(`/pay/${invoice.body.id}`);
  expect(pay.get("content-security-policy")).toMatch(
    /^default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; .*form-action 'none'$/,
  );
  expect(pay.get("x-frame-options")).toBeNull();
  expect(pay.get("x-content-type-options")).toBe("nosniff");

  const docs = await headersOf("/docs");
  expect(docs.get("content-security-policy")).toMatch(
    /^default-src 'none'; script-src 'self';.*frame-ancestors 'none'$/,
  );
  expect(docs.get("x-content-type-options")).toBe("nosniff");

  const openapi = await headersOf("/api/v1/openapi.json");
  expect([openapi.get("x-content-type-options"), openapi.get("content-security-policy")]).toEqual(["nosniff", null]);
});

test("the dashboard works under its CSP, and callbackUrl=/%09/evil.example stays on this site", async ({ page }) => {
  const owner = await seedOwner("csp");
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });

  await page.goto(`${baseUrl()}/login?callbackUrl=/%09/evil.example`);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`^${baseUrl()}/dashboard`));
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();

  // Signed in, the server-side redirect of /login refuses the same trick.
  await page.goto(`${baseUrl()}/login?callbackUrl=/%09/evil.example`);
  await expect(page).toHaveURL(new RegExp(`^${baseUrl()}/dashboard`));

  // Client-side navigation (React, the router, tRPC) under the policy.
  await page.goto(`${baseUrl()}${dashboardPath(owner, "/invoices")}`);
  await expect(page.getByRole("heading", { name: "Invoices" })).toBeVisible();
  expect(violations).toEqual([]);
});
