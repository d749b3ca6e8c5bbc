import { parseEther } from "viem";
import { devnetRpcUrl, mineBlocks, payFromTestAccount } from "../fixtures/api";
import {
  api,
  baseUrl,
  dashboardPath,
  db,
  expect,
  overflowingElements,
  screenshot,
  seedApiKey,
  seedOwner,
  signIn,
  test,
} from "./fixtures";

// Payouts from the dashboard on the e2e stack, sent for real by its worker: a CSV with errors is checked and refused
// row by row, the fixed file becomes a batch, the worker pays it on the devnet, and the list and a payout's detail
// show them; then one payout through the New payout form. (The worker's sending is tested on anvil in server/.)

const A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const C = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const short = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;

async function rpc<T>(method: string, params: unknown[]): Promise<T> {
  const res = await fetch(devnetRpcUrl("devnet"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return ((await res.json()) as { result: T }).result;
}

const csvFile = (name: string, text: string) => ({ name, mimeType: "text/csv", buffer: Buffer.from(text, "utf8") });

test("payouts: a CSV with errors is refused row by row; the fixed file becomes one batch; list, detail, New payout", async ({
  page,
}) => {
  test.setTimeout(300_000);
  const owner = await seedOwner("payouts");
  const key = await seedApiKey(owner.merchantId);
  // 100 USDC available: an invoice paid on the devnet and confirmed.
  const invoice = await api<{ payment_options: { address: `0x${string}` }[] }>(key, "POST", "/api/v1/invoices", {
    amount: "100.00",
    currency: "USDC",
    payment_methods: [{ network: "devnet", asset: "USDC" }],
  });
  expect(invoice.status).toBe(201);
  await payFromTestAccount({
    network: "devnet",
    asset: "USDC",
    to: invoice.body.payment_options[0]!.address,
    amount: 100_000_000n,
  });
  await mineBlocks("devnet", 3);
  await expect
    .poll(
      async () =>
        (
          await api<{ data: { network: string; asset: string; available: string }[] }>(key, "GET", "/api/v1/balances")
        ).body.data.find((b) => b.network === "devnet" && b.asset === "USDC")?.available,
      { timeout: 60_000 },
    )
    .toBe("100.00");
  // Gas for the platform wallets (the operator's top-up; anvil_setBalance on a devnet).
  for (const w of await db().platformWallet.findMany({ where: { livemode: false } }))
    await rpc("anvil_setBalance", [w.address, `0x${parseEther("100").toString(16)}`]);

  await signIn(page.context(), owner);
  await page.goto(`${baseUrl()}${dashboardPath(owner, "/payouts")}`);
  await expect(page.getByRole("heading", { name: "Payouts", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Payouts" }).getByRole("link")).toHaveText([
    "Payouts",
    "Approvals",
    "Allowlist",
  ]);
  await expect(page.getByText("No payouts yet")).toBeVisible();

  // A file with errors: every bad row with its line and why; Create batch stays disabled.
  await page.getByRole("link", { name: "Upload CSV" }).click();
  await expect(page.getByRole("heading", { name: "Upload payouts", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Network")).toHaveValue("devnet");
  await expect(page.getByLabel("Asset")).toHaveValue("USDC");
  await expect(page.getByLabel("CSV file")).toBeEnabled();
  await page
    .getByLabel("CSV file")
    .setInputFiles(
      csvFile(
        "payouts-bad.csv",
        `\uFEFFaddress,amount,reference\r\n${A},10.00,sup-1\r\n0x1234,5,sup-2\r\n${B},0,sup-3\r\n${B},2.5,sup-1\r\n${C},1.1234567,sup-5\r\n${A},10,sup-6\r\n`,
      ),
    );
  const problems = page.getByRole("region", { name: "Rows to look at" });
  await expect(problems.getByRole("row")).toHaveCount(6);
  const cells = async (i: number) => problems.getByRole("row").nth(i).getByRole("cell").allInnerTexts();
  expect(await cells(1)).toEqual([
    "3",
    "0x1234,5,sup-2",
    "Address",
    "Error\nNot an EVM address: 0x and 40 hex digits.",
  ]);
  expect(await cells(2)).toEqual(["4", `${B},0,sup-3`, "Amount", "Error\nThe amount is zero."]);
  expect(await cells(3)).toEqual([
    "5",
    `${B},2.5,sup-1`,
    "Reference",
    'Error\nReference "sup-1" is also on line 2: references are unique.',
  ]);
  expect(await cells(4)).toEqual([
    "6",
    `${C},1.1234567,sup-5`,
    "Amount",
    "Error\nToo many decimal places: USDC has 6 (found 7).",
  ]);
  expect(await cells(5)).toEqual([
    "7",
    `${A},10,sup-6`,
    "Row",
    "Warning\nSame address and amount (10.00 USDC) as line 2: is it listed twice?",
  ]);
  await expect(page.getByText("4 errors: fix the file and choose it again. 1 warning.")).toBeVisible();
  await expect(page.getByTestId("preview-rows")).toHaveText("6");
  await expect(page.getByRole("button", { name: "Create batch" })).toBeDisabled();
  expect(await db().payout.count({ where: { merchantId: owner.merchantId } })).toBe(0);
  await screenshot(page, "payouts-upload-errors");
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflowingElements(page)).toEqual([]);
  await screenshot(page, "payouts-upload-errors-390");
  await page.setViewportSize({ width: 1280, height: 860 });

  // A bad header is refused as a whole before anything is sent.
  await page.getByLabel("CSV file").setInputFiles(csvFile("wrong.csv", `Address;Amount\n${A};1\n`));
  await expect(page.getByRole("alert").filter({ hasText: "first line" })).toHaveText(
    'The first line must be exactly "address,amount,reference" (found "Address;Amount").',
  );

  // The fixed file: checked, confirmed with what it pays, created once, and the batch page opens.
  await page
    .getByLabel("CSV file")
    .setInputFiles(
      csvFile("payouts.csv", `address,amount,reference\n${A},10.00,sup-1\n${B},2.50,sup-2\n${C},0.75,"sup, 3"\n`),
    );
  await expect(page.getByText("3 payouts ready.")).toBeVisible();
  await expect(page.getByTestId("preview-total")).toHaveText("13.25 USDC");
  await expect(page.getByRole("region", { name: "Payouts in the file (3)" }).getByRole("row")).toHaveCount(4);
  await screenshot(page, "payouts-upload-ready");
  await page.getByRole("button", { name: "Create batch" }).click();
  const confirm = page.getByRole("dialog", { name: "Create this batch?" });
  await expect(confirm).toContainText("Pay 3 payouts totalling 13.25 USDC on Devnet, from payouts.csv.");
  await confirm.getByRole("button", { name: "Pay 13.25 USDC" }).dblclick();
  await expect(page).toHaveURL(/\/payouts\/batches\/pb_[0-9A-Za-z]{22}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("13.25 USDC");
  const batchId = page.url().split("/").at(-1)!;
  expect(await db().payoutBatch.count({ where: { merchantId: owner.merchantId } })).toBe(1);
  expect(await db().payout.count({ where: { merchantId: owner.merchantId } })).toBe(3);

  // The batch's page: its total, count and payouts (queued until the worker sends them).
  const batchPayouts = page.getByRole("region", { name: "Payouts in this batch" });
  await expect(batchPayouts.getByRole("row")).toHaveCount(4);
  await expect(page.getByRole("region", { name: "Summary" })).toContainText("Payouts3");
  await screenshot(page, "payouts-batch");
  // The toasts are laid out for the wide viewport until they leave: measure the page without them.
  await expect(page.locator("[data-sonner-toast]")).toHaveCount(0, { timeout: 15_000 });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflowingElements(page)).toEqual([]);
  const batchTable = batchPayouts.getByRole("table");
  expect(await batchTable.evaluate((t) => t.parentElement!.scrollWidth - t.parentElement!.clientWidth)).toBe(0);
  await screenshot(page, "payouts-batch-390");
  await page.setViewportSize({ width: 1280, height: 860 });

  // The list, newest first with a status filter in the URL, and a payout's detail with its batch and timeline.
  await page.goto(`${baseUrl()}${dashboardPath(owner, "/payouts")}`);
  const list = page.getByRole("table");
  await expect(list.getByRole("row")).toHaveCount(4);
  await page.getByLabel("Status").selectOption("failed");
  await expect(page).toHaveURL(/status=failed/);
  await expect(page.getByText("No payouts in this status")).toBeVisible();
  await page.getByLabel("Status").selectOption("");
  await expect(list.getByRole("row")).toHaveCount(4);
  const row = list.getByRole("row").filter({ hasText: "sup-1" });
  await expect(row.getByRole("cell").nth(1)).toHaveText("sup-1");
  await expect(row.getByRole("cell").nth(2)).toHaveText(short(A));
  await expect(row.getByRole("cell").nth(3)).toHaveText("10.00 USDC");
  await expect(row.getByRole("cell").nth(4)).toHaveText("Devnet");
  await screenshot(page, "payouts-list");
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflowingElements(page)).toEqual([]);
  // Nor does the table scroll sideways: on a phone it shows reference, amount and status (the row opens the rest).
  expect(await list.evaluate((t) => t.parentElement!.scrollWidth - t.parentElement!.clientWidth)).toBe(0);
  await screenshot(page, "payouts-list-390");
  await page.setViewportSize({ width: 1280, height: 860 });

  await row.getByRole("link", { name: "sup-1" }).click();
  const payout = await db().payout.findFirstOrThrow({ where: { merchantId: owner.merchantId, reference: "sup-1" } });
  await expect(page).toHaveURL(new RegExp(`/payouts/${payout.id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("10.00 USDC");
  await expect(page.getByRole("region", { name: "Summary" }).getByRole("link", { name: batchId })).toBeVisible();
  await expect(page.getByRole("region", { name: "Summary" })).toContainText(`To${A}`);
  const timeline = page.getByRole("region", { name: "Timeline" });
  await expect(timeline.locator("summary > span.font-medium").first()).toHaveText("payout.created");
  await screenshot(page, "payout-detail");
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflowingElements(page)).toEqual([]);
  await screenshot(page, "payout-detail-390");
  await page.setViewportSize({ width: 1280, height: 860 });

  // One payout through the form: reviewed, then sent; its page opens.
  await page.goto(`${baseUrl()}${dashboardPath(owner, "/payouts")}`);
  await page.getByRole("button", { name: "New payout" }).click();
  const dialog = page.getByRole("dialog", { name: "New payout" });
  await expect(dialog.getByLabel("Asset")).toHaveValue("USDC");
  await expect(dialog.getByText("Available: 86.75 USDC")).toBeVisible(); // 100 - 13.25 reserved by the batch
  await dialog.getByLabel("Amount").fill("1.5");
  await dialog.getByLabel("Address").fill("0x1234");
  await dialog.getByRole("button", { name: "Review payout" }).click();
  await expect(dialog.getByText("Enter an EVM address: 0x and 40 hex digits")).toBeVisible();
  await dialog.getByLabel("Address").fill(B);
  await dialog.getByLabel("Reference (optional)").fill("single-1");
  await dialog.getByRole("button", { name: "Review payout" }).click();
  const review = page.getByRole("dialog", { name: "Send this payout?" });
  await expect(review.getByTestId("confirm-address")).toHaveText(B);
  await screenshot(page, "payouts-new-confirm");
  await review.getByRole("button", { name: "Send 1.5 USDC" }).click();
  await expect(page).toHaveURL(/\/payouts\/po_[0-9A-Za-z]{22}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("1.50 USDC");
  expect(await db().payout.count({ where: { merchantId: owner.merchantId, reference: "single-1" } })).toBe(1);
});
