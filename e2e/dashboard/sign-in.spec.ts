import { baseUrl, formAlert, dashboardPath, expect, screenshot, seedOwner, signIn, test } from "./fixtures";

test("sign in with email and password; a wrong password is refused; the dashboard needs a session", async ({
  page,
}) => {
  const owner = await seedOwner("signin");

  // Without a session the dashboard sends you to sign in, and back afterwards.
  await page.goto(`${baseUrl()}${dashboardPath(owner, "/invoices")}`);
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await screenshot(page, "login");

  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(formAlert(page)).toHaveText("That email and password do not match an account.");

  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${dashboardPath(owner)}$`));
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();

  // /login while signed in goes straight to the dashboard.
  await page.goto(`${baseUrl()}/login`);
  await expect(page).toHaveURL(new RegExp(`${dashboardPath(owner)}$`));

  // The session cookie is HttpOnly, SameSite=Lax, and expires (12 hours).
  const cookie = (await page.context().cookies()).find((c) => c.name === "next-auth.session-token")!;
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  const hours = (cookie.expires * 1000 - Date.now()) / 3_600_000;
  expect(hours).toBeGreaterThan(11.9);
  expect(hours).toBeLessThanOrEqual(12);
});

test("sign-in failures are rate-limited per email and address: after 10, even the right password waits, whatever X-Forwarded-For says", async ({
  page,
}) => {
  const owner = await seedOwner("limited");
  await page.goto(`${baseUrl()}/login`);
  for (let i = 0; i < 10; i++) {
    await page.getByLabel("Email").fill(owner.email);
    await page.getByLabel("Password").fill(`wrong ${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(formAlert(page)).toHaveText("That email and password do not match an account.");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  }
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(formAlert(page)).toHaveText(/^Too many sign-in attempts\. Try again in 1[45] minutes\.$/);
  expect((await page.context().cookies()).some((c) => c.name === "next-auth.session-token")).toBe(false);
  // A client cannot pick another address: with no trusted proxy the socket's address counts, not the header.
  await page
    .context()
    .setExtraHTTPHeaders({ "x-forwarded-for": "203.0.113.77", "x-payrail-peer-address": "203.0.113.78" });
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(formAlert(page)).toHaveText(/^Too many sign-in attempts\. Try again in 1[45] minutes\.$/);
});

test("sign out everywhere ends the sessions of every browser, and a new sign-in works", async ({ browser }) => {
  const owner = await seedOwner("everywhere");
  const laptop = await browser.newContext();
  const phone = await browser.newContext();
  await signIn(laptop, owner);
  await signIn(phone, owner);
  const page = await laptop.newPage();
  await page.goto(`${baseUrl()}${dashboardPath(owner)}`);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await page.getByRole("button", { name: `Account: ${owner.email}` }).click();
  await screenshot(page, "account-menu");
  await page.getByRole("menuitem", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/login/);

  const other = await phone.newPage();
  await other.goto(`${baseUrl()}${dashboardPath(owner, "/invoices")}`);
  await expect(other).toHaveURL(/\/login\?callbackUrl=/);

  await signIn(phone, owner);
  await other.goto(`${baseUrl()}${dashboardPath(owner)}`);
  await expect(other.getByRole("heading", { name: "Overview" })).toBeVisible();
  await laptop.close();
  await phone.close();
});
