import { createEmailVerification } from "../../server/accounts/create-email-verification";
import { inTransaction } from "../../server/db";
import { randomBase62 } from "../../server/ids";
import { baseUrl, dashboardPath, db, expect, screenshot, seedOwner, signIn, test } from "./fixtures";

test("an owner invites a teammate by link with a role; the teammate signs up through the link and joins as that role", async ({
  page,
  browser,
}) => {
  test.slow(); // one long journey, now with the invitee's email verification in it
  const owner = await seedOwner("team");
  await signIn(page.context(), owner);
  await page.goto(`${baseUrl()}${dashboardPath(owner, "/settings/team")}`);
  await expect(page.getByRole("row", { name: new RegExp(owner.email) })).toContainText("owner");

  const email = `new-finance-${randomBase62(6).toLowerCase()}@example.com`;
  await page.getByRole("button", { name: "Invite member" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite a teammate" });
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Role").selectOption("finance");
  await expect(dialog.getByText("Invoices, review queue and refunds; no API keys or webhooks.")).toBeVisible();
  await dialog.getByRole("button", { name: "Create invitation link" }).click();
  const link = (await page
    .getByRole("dialog", { name: "Invitation link" })
    .getByTestId("invitation-link")
    .textContent())!;
  expect(link).toMatch(new RegExp(`^${baseUrl()}/invite/[0-9A-Za-z]{32}$`));
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("row", { name: new RegExp(email) })).toContainText("finance");
  await screenshot(page, "team");

  // The teammate, in their own browser, opens the link, creates an account, and accepts.
  const theirs = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const them = await theirs.newPage();
  await them.goto(link);
  await expect(them.getByRole("heading", { name: `Join ${owner.businessName} on Payrail` })).toBeVisible();
  await screenshot(them, "invitation");
  await them.getByRole("link", { name: "Create an account to join" }).click();
  await them.getByLabel("Your name").fill("Fin Ance");
  await them.getByLabel("Business name").fill("Fin's own books");
  await expect(them.getByLabel("Work email")).toHaveValue(email);
  await them.getByLabel("Password").fill("a long enough password");
  await them.getByRole("button", { name: "Create account" }).click();
  await expect(them).toHaveURL(new RegExp(`/invite/`));
  // Joining needs a verified address: they open a verification link (verify-email.spec.ts covers that page), then
  // come back to the invitation.
  await expect(them.getByRole("button", { name: "Send a new verification link" })).toBeVisible();
  const user = await db().user.findUniqueOrThrow({ where: { email } });
  const { token } = await inTransaction(db(), (tx) => createEmailVerification(tx, { userId: user.id, email }));
  await them.goto(`${baseUrl()}/verify-email/${token}`);
  await them.getByRole("button", { name: "Verify my email" }).click();
  await expect(them.getByRole("heading", { name: "Email verified" })).toBeVisible();
  await them.goto(link);
  await them.getByRole("button", { name: `Accept and join ${owner.businessName}` }).click();
  await expect(them).toHaveURL(new RegExp(`${dashboardPath(owner)}$`));
  await expect(them.getByRole("button", { name: `Merchant: ${owner.businessName}. Switch merchant` })).toContainText(
    "finance",
  );

  // They now belong to two merchants and can switch between them.
  await them.getByRole("button", { name: `Merchant: ${owner.businessName}. Switch merchant` }).click();
  await expect(them.getByRole("menuitem", { name: /Fin's own books/ })).toBeVisible();
  await screenshot(them, "merchant-switcher");
  await them.getByRole("menuitem", { name: /Fin's own books/ }).click();
  await expect(them.getByRole("button", { name: /^Merchant: Fin's own books\./ })).toBeVisible();

  // The link works once.
  await them.goto(link);
  await expect(them.getByRole("heading", { name: "This invitation no longer works" })).toBeVisible();
  await theirs.close();

  const membership = await db().membership.findFirstOrThrow({
    where: { merchantId: owner.merchantId, user: { email } },
  });
  expect(membership.role).toBe("finance");

  // The owner sees the new member and can change the role; the audit log records all of it.
  await page.reload();
  await page.getByLabel(`Role of ${email}`).selectOption("viewer");
  await expect(page.getByText("Role changed")).toBeVisible();
  // Settings: branding, expiry and tolerance, saved and audited.
  await page.goto(`${baseUrl()}${dashboardPath(owner, "/settings")}`);
  await expect(page.getByLabel("Business name")).toHaveValue(owner.businessName);
  await page.getByLabel("Accent colour").fill("#0f766e");
  await page.getByLabel("Support email").fill("help@example.com");
  await page.getByLabel("Default expiry").selectOption("86400");
  await page.getByLabel("Underpayment tolerance").selectOption("percent");
  await page.getByLabel("Percent").fill("150");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("A percentage of at most 5 with at most two decimals")).toBeVisible();
  await page.getByLabel("Percent").fill("1.5");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Percent")).toHaveValue("1.5");
  await expect(page.getByLabel("Default expiry")).toHaveValue("86400");
  await screenshot(page, "settings");
  await page.getByRole("link", { name: "Networks" }).click();
  await expect(page.getByRole("row", { name: /Devnet devnet/ })).toContainText("31337");
  await screenshot(page, "settings-networks");
  await page.getByRole("link", { name: "Payouts" }).first().click();
  await expect(page).toHaveURL(/\/payouts(\?.*)?$/);
  await screenshot(page, "payouts");

  await page.goto(`${baseUrl()}${dashboardPath(owner, "/settings/audit")}`);
  await expect(page.getByRole("row", { name: /settings\.updated/ })).toContainText("accentColor: null → #0f766e");
  await expect(page.getByRole("row", { name: /team\.role_changed/ })).toContainText(owner.email);
  await expect(page.getByRole("row", { name: /team\.member_joined/ })).toContainText(email);
  await expect(page.getByRole("row", { name: /team\.invited/ })).toContainText("finance");
  await screenshot(page, "audit-log");
});
