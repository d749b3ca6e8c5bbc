// Issue 16, item 10: the verification link's page, and an invitation that waits for a verified address.
import { createEmailVerification } from "../../server/accounts/create-email-verification";
import { signUp } from "../../server/accounts/sign-up";
import { inTransaction } from "../../server/db";
import { randomBase62 } from "../../server/ids";
import {
  baseUrl,
  dashboardPath,
  db,
  expect,
  formAlert,
  PASSWORD,
  screenshot,
  seedOwner,
  signIn,
  test,
} from "./fixtures";

/** A new account as sign-up makes it (unverified), with the token of the link sign-up sent. */
async function newAccount(label: string) {
  const suffix = randomBase62(8).toLowerCase();
  const email = `${label}-${suffix}@example.com`;
  const created = await signUp(db(), { name: label, email, password: PASSWORD, businessName: `${label} ${suffix}` });
  return { ...created, email, password: PASSWORD };
}

/** A fresh link for the user, as "Send a new verification link" makes it: what their mailbox (the log) would show. */
const freshLink = async (userId: string, email: string) =>
  `${baseUrl()}/verify-email/${(await inTransaction(db(), (tx) => createEmailVerification(tx, { userId, email }))).token}`;

test("the verification link verifies the address once, with a button; a used or malformed link says why", async ({
  page,
}) => {
  const user = await newAccount("verify");
  await page.goto(`${baseUrl()}/verify-email/${user.verificationToken}`);
  await expect(page.getByRole("heading", { name: "Verify your email address" })).toBeVisible();
  await expect(
    page.getByText("Confirm that this address is yours. A verified address lets you join the teams that invite you."),
  ).toBeVisible();
  // Opening the link changed nothing: the button does.
  expect((await db().user.findUniqueOrThrow({ where: { id: user.userId } })).emailVerifiedAt).toBeNull();
  await screenshot(page, "verify-email");

  await page.getByRole("button", { name: "Verify my email" }).click();
  await expect(page.getByRole("heading", { name: "Email verified" })).toBeVisible();
  await expect(page.getByText(`${user.email} is verified. You can now accept invitations sent to it.`)).toBeVisible();
  await expect(page.getByRole("link", { name: "Continue to the dashboard" })).toHaveAttribute("href", "/dashboard");
  await screenshot(page, "verify-email-done");
  expect((await db().user.findUniqueOrThrow({ where: { id: user.userId } })).emailVerifiedAt).toBeInstanceOf(Date);

  await page.reload();
  await page.getByRole("button", { name: "Verify my email" }).click();
  await expect(page.getByRole("heading", { name: "This link does not work" })).toBeVisible();
  await expect(formAlert(page)).toHaveText("This verification link was already used.");
  await screenshot(page, "verify-email-used");

  await page.goto(`${baseUrl()}/verify-email/not-a-token`);
  await expect(page.getByRole("heading", { name: "This link does not work" })).toBeVisible();
  await expect(formAlert(page)).toHaveText("This verification link is not valid.");
});

test("an invitation waits until the invited account's address is verified, then joins", async ({ page, browser }) => {
  const owner = await seedOwner("inviter");
  const invited = await newAccount("invitee");
  await signIn(page.context(), owner);
  await page.goto(`${baseUrl()}${dashboardPath(owner, "/settings/team")}`);
  await page.getByRole("button", { name: "Invite member" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite a teammate" });
  await dialog.getByLabel("Email").fill(invited.email.toUpperCase());
  await dialog.getByLabel("Role").selectOption("developer");
  await dialog.getByRole("button", { name: "Create invitation link" }).click();
  const link = (await page
    .getByRole("dialog", { name: "Invitation link" })
    .getByTestId("invitation-link")
    .textContent())!;

  const theirs = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const them = await theirs.newPage();
  await signIn(theirs, invited);
  await them.goto(link);
  await expect(them.getByRole("heading", { name: `Join ${owner.businessName} on Payrail` })).toBeVisible();
  await expect(
    them.getByText(
      `Verify ${invited.email} before you join: open the verification link sent to it when you signed up, or send a new one.`,
    ),
  ).toBeVisible();
  await expect(them.getByRole("button", { name: `Accept and join ${owner.businessName}` })).toHaveCount(0);
  await screenshot(them, "invitation-unverified");
  // A new link, a while after sign-up's (one a minute at most; the integration test covers the limit): this server runs in production without
  // PAYRAIL_LOG_EMAIL_LINKS, so it says the link went nowhere.
  await db().emailVerification.updateMany({
    where: { userId: invited.userId },
    data: { createdAt: new Date(Date.now() - 120_000) },
  });
  await them.getByRole("button", { name: "Send a new verification link" }).click();
  await expect(them.getByRole("status")).toHaveText(
    "This Payrail cannot send verification links. Ask its operator to verify your address.",
  );
  await screenshot(them, "invitation-unverified-sent");

  // The link from their mailbox, opened in the same browser; then back to the invitation.
  await them.goto(await freshLink(invited.userId, invited.email));
  await them.getByRole("button", { name: "Verify my email" }).click();
  await expect(them.getByRole("heading", { name: "Email verified" })).toBeVisible();
  await them.goto(link);
  await them.getByRole("button", { name: `Accept and join ${owner.businessName}` }).click();
  await expect(them).toHaveURL(new RegExp(`${dashboardPath(owner)}$`));
  const membership = await db().membership.findFirstOrThrow({
    where: { merchantId: owner.merchantId, userId: invited.userId },
  });
  expect(membership.role).toBe("developer");
  await theirs.close();
});
