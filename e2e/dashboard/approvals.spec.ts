import { getAddress } from "viem";
import { inTransaction } from "../../server/db";
import { newId } from "../../server/ids";
import { merchantAccount } from "../../server/ledger/chart-of-accounts";
import { ensureAccounts } from "../../server/ledger/ensure-accounts";
import { recordTransfer } from "../../server/ledger/record-transfer";
import { totpCode, totpStep } from "../../server/totp/totp";
import {
  baseUrl,
  db,
  expect,
  overflowingElements,
  screenshot,
  seedMember,
  seedOwner,
  signIn,
  test,
  type SeededAccount,
} from "./fixtures";

// A live payout approved by a second member with TOTP: the checker enrols (the code computed here from the secret the
// page shows), then approves the owner's payout from the queue; the allowlist takes an address with a recovery code.
// The e2e app has no live network, so the live payouts and the live balance they draw on are seeded as rows.

const TO = "0x52908400098527886E0F7030069857D2E4169EE7";
const TO2 = "0x8617E340B3D01FA5F11F306F4090FD50E238070D";
const BASE_USDC = "0x833589fcd6edb6e08f4c7c32d4f71b54bda02913";
const live = (account: Pick<SeededAccount, "slug">, path = "") => `/dashboard/${account.slug}/live${path}`;

async function seedLiveMoney(owner: SeededAccount) {
  const scope = { merchantId: owner.merchantId, livemode: true, networkId: "base", asset: "USDC" };
  await inTransaction(db(), async (tx) => {
    await ensureAccounts(tx, [merchantAccount("custody_deposits", scope), merchantAccount("available", scope)]);
    await recordTransfer(tx, {
      key: `e2e-funding:${owner.merchantId}`,
      type: "adjustment",
      status: "posted",
      debitAccountId: merchantAccount("custody_deposits", scope).id,
      creditAccountId: merchantAccount("available", scope).id,
      amount: 1_000_000_000n,
      merchantId: owner.merchantId,
      livemode: true,
      networkId: "base",
      asset: "USDC",
      decimals: 6,
      description: "e2e funding",
      at: new Date(),
    });
  });
  const common = {
    merchantId: owner.merchantId,
    livemode: true,
    status: "pending_approval" as const,
    networkId: "base",
    asset: "USDC",
    decimals: 6,
    tokenAddress: BASE_USDC,
    createdBy: owner.userId,
  };
  const payoutId = newId("po");
  await db().payout.create({
    data: { ...common, id: payoutId, amount: "125500000", address: TO.toLowerCase(), reference: "INV-2291" },
  });
  const batchId = `pb_${newId("po").slice(3)}`;
  const items = [
    ["40000000", TO2, "march-1"],
    ["12750000", TO, "march-2"],
    ["7250000", TO2, "march-3"],
  ] as const;
  await db().payoutBatch.create({
    data: {
      id: batchId,
      merchantId: owner.merchantId,
      livemode: true,
      networkId: "base",
      asset: "USDC",
      decimals: 6,
      total: "60000000",
      count: 3,
      createdBy: owner.userId,
      createdAt: new Date(Date.now() + 1000),
    },
  });
  await db().payout.createMany({
    data: items.map(([amount, address, reference], i) => ({
      ...common,
      id: newId("po"),
      amount,
      address: address.toLowerCase(),
      reference,
      batchId,
      batchIndex: i,
      createdAt: new Date(Date.now() + 1000),
    })),
  });
  return { payoutId, batchId };
}

test("a second member enrols TOTP, approves a live payout bound to what they saw, and adds an allowlist address", async ({
  page,
}) => {
  test.slow();
  const owner = await seedOwner("approvals");
  const checker = await seedMember(owner, "finance");
  const { payoutId, batchId } = await seedLiveMoney(owner);

  // Enrolment: Settings → Security.
  await signIn(page.context(), checker);
  await page.goto(`${baseUrl()}${live(checker, "/settings/security")}`);
  await expect(page.getByRole("link", { name: "Security" })).toHaveAttribute("aria-current", "page");
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(page.getByRole("img", { name: "QR code of the secret for your authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())!.replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await screenshot(page, "totp-enrol");
  const enrolledAt = new Date();
  await page.getByLabel("Enter the 6-digit code the app shows").fill(totpCode(secret, enrolledAt));
  await page.getByRole("button", { name: "Turn on" }).click();
  const codes = page.getByTestId("recovery-codes").getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const recovery = await codes.allTextContents();
  await screenshot(page, "totp-recovery-codes");
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page.getByText("10 of 10 recovery codes left.")).toBeVisible();
  const stored = await db().userTotp.findUniqueOrThrow({ where: { userId: checker.userId } });
  expect(stored.secretSealed.startsWith("v1.") && !stored.secretSealed.includes(secret)).toBe(true);

  // The queue: the single payout and the batch, every address and amount shown.
  await page.goto(`${baseUrl()}${live(checker, "/payouts/approvals")}`);
  const items = page.getByTestId("approval-item");
  await expect(items).toHaveCount(2);
  const single = items.filter({ hasText: "INV-2291" });
  await expect(single).toContainText("125.50 USDC");
  await expect(single).toContainText(TO);
  await expect(single).toContainText(`Created by ${owner.email}`);
  const batch = items.filter({ hasText: "Batch of 3 payouts" });
  await expect(batch).toContainText("60.00 USDC");
  await expect(batch.getByRole("row")).toHaveCount(4);
  expect(await overflowingElements(page)).toEqual([]);
  await screenshot(page, "approvals-queue");
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflowingElements(page)).toEqual([]);
  await screenshot(page, "approvals-queue-390");
  await page.setViewportSize({ width: 1280, height: 860 });

  // Approve the single payout: the dialog restates it; a code newer than the enrolment's (the next step at least).
  await single.getByRole("button", { name: "Approve" }).click();
  const dialog = page.getByRole("dialog", { name: "Approve 125.50 USDC?" });
  await expect(dialog.getByTestId("approve-summary")).toContainText(`125.50 USDC will be sent on Base to ${TO}.`);
  const step = totpStep(new Date()) > totpStep(enrolledAt) ? new Date() : new Date(enrolledAt.getTime() + 30_000);
  // A wrong code first: refused under the field, nothing approved.
  const right = totpCode(secret, step);
  await dialog.getByLabel("Code from your authenticator app").fill(right === "000000" ? "111111" : "000000");
  await dialog.getByRole("button", { name: "Approve payout" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("The code is wrong or has expired.");
  await screenshot(page, "approvals-approve-dialog");
  await dialog.getByLabel("Code from your authenticator app").fill(right);
  await dialog.getByRole("button", { name: "Approve payout" }).click();
  await expect(dialog).toBeHidden();
  await expect(items).toHaveCount(1);
  const approved = await db().payout.findUniqueOrThrow({ where: { id: payoutId } });
  expect([approved.status, approved.approvedBy]).toEqual(["queued", checker.userId]);
  const reservation = await db().ledgerTransfer.findUniqueOrThrow({ where: { key: `payout:${payoutId}` } });
  expect([reservation.status, reservation.amount.toFixed(0)]).toEqual(["pending", "125500000"]);
  const audit = await db().auditLog.findFirstOrThrow({ where: { targetId: payoutId, action: "payout.approved" } });
  expect(audit.actor).toBe(checker.userId);

  // Reject the batch.
  await batch.getByRole("button", { name: "Reject" }).click();
  const rejectDialog = page.getByRole("dialog", { name: "Reject 60.00 USDC?" });
  await rejectDialog.getByLabel("Reason (optional, kept in the audit log)").fill("Duplicate of February's run");
  await rejectDialog.getByRole("button", { name: "Reject" }).click();
  await expect(page.getByText("Nothing waits for approval")).toBeVisible();
  expect(
    new Set((await db().payout.findMany({ where: { batchId } })).map((p: { status: string }) => p.status)),
  ).toEqual(new Set(["cancelled"]));

  // Allowlist: a live address, confirmed with a recovery code, waits 24 hours.
  await page.goto(`${baseUrl()}${live(checker, "/payouts/allowlist")}`);
  await expect(page.getByText("No trusted address yet")).toBeVisible();
  await page.getByRole("button", { name: "Add address" }).click();
  const add = page.getByRole("dialog", { name: "Add a trusted address" });
  await add.getByLabel("Label").fill("Supplier GmbH");
  await add.getByLabel("Address").fill(TO2);
  await add.getByLabel("Code from your authenticator app").fill(recovery[0]!);
  await add.getByRole("button", { name: "Add address" }).click();
  await expect(add).toBeHidden();
  const row = page.getByRole("row", { name: /Supplier GmbH/ });
  await expect(row).toContainText("Waiting 24 h");
  const shown = getAddress(TO2);
  await expect(row.getByTitle(shown)).toHaveText(`${shown.slice(0, 6)}…${shown.slice(-4)}`);
  const entry = await db().payoutAllowlistEntry.findFirstOrThrow({ where: { merchantId: owner.merchantId } });
  expect(entry.activeAt.getTime() - entry.createdAt.getTime()).toBe(24 * 60 * 60 * 1000);
  const notices = await db().notification.findMany({
    where: { merchantId: owner.merchantId, kind: "payout_allowlist.address_added" },
  });
  expect(notices.map((n: { userId: string }) => n.userId)).toEqual([owner.userId]);
  expect(notices[0]!.message).toContain(getAddress(TO2));
  expect(await overflowingElements(page)).toEqual([]);
  await screenshot(page, "allowlist");

  // The allowlist at phone width: the table scrolls sideways inside its panel, nothing sticks out of the page.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${baseUrl()}${live(checker, "/payouts/allowlist")}`);
  await expect(row).toBeVisible();
  expect(await overflowingElements(page)).toEqual([]);
  await screenshot(page, "allowlist-390");
});
