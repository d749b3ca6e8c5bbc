import { randomBase62 } from "../../server/ids";
import { baseUrl, formAlert, db, expect, screenshot, test } from "./fixtures";

test("a new person signs up, lands on their merchant's overview in test mode, and can sign out", async ({ page }) => {
  const suffix = randomBase62(6).toLowerCase();
  const email = `founder-${suffix}@example.com`;
  await page.goto(`${baseUrl()}/signup`);
  await expect(page.getByRole("heading", { name: "Create your Payrail account" })).toBeVisible();
  await screenshot(page, "signup");

  // The form refuses a short password before anything is sent.
  await page.getByLabel("Your name").fill("Ada Founder");
  await page.getByLabel("Business name").fill(`Ada Coffee ${suffix}`);
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at least 10 characters")).toBeVisible();

  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page).toHaveURL(new RegExp(`/dashboard/ada-coffee-${suffix}/test$`));
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByRole("button", { name: `Merchant: Ada Coffee ${suffix}. Switch merchant` })).toBeVisible();
  await expect(page.getByRole("switch", { name: "Test mode" })).toBeChecked();
  await expect(page.getByText("Test mode: test networks and test data only.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Need review 0" })).toBeVisible();
  await screenshot(page, "overview-empty");

  // The account exists with an owner membership, and the password is not stored as given.
  const user = await db().user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
  expect(user.memberships.map((m) => m.role)).toEqual(["owner"]);
  expect(user.passwordHash).toMatch(/^\$argon2id\$/);

  // Signing up again with the same email is refused on the form.
  await page.getByRole("button", { name: `Account: ${email}` }).click();
  await page.getByRole("menuitem", { name: "Sign out", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Sign in to your dashboard" })).toBeVisible();
  await page.goto(`${baseUrl()}/signup`);
  await page.getByLabel("Your name").fill("Someone Else");
  await page.getByLabel("Business name").fill("Other");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(formAlert(page)).toHaveText("An account with this email already exists. Sign in instead.");
});
