import type { Address } from "viem";
import { mineBlocks, payFromTestAccount } from "../fixtures/api";
import {
  api,
  baseUrl,
  dashboardPath,
  db,
  expect,
  overflowingElements,
  screenshot,
  seedApiKey,
  seedMember,
  seedOwner,
  signIn,
  test,
} from "./fixtures";

type Created = { id: string; payment_options: { address: Address }[] };
type Report = { status: string; data: { network: string; asset: string; received: string }[]; differences: unknown[] };

test("reconciliation shows matched after a confirmed payment, and lists a difference the ledger has and the chain has not", async ({
  page,
  browser,
}) => {
  const owner = await seedOwner("reconcile");
  const key = await seedApiKey(owner.merchantId);
  const res = await api<Created>(key, "POST", "/api/v1/invoices", {
    amount: "10.00",
    currency: "USDC",
    payment_methods: [{ network: "devnet", asset: "USDC" }],
  });
  expect(res.status).toBe(201);
  const address = res.body.payment_options[0]!.address.toLowerCase();
  await payFromTestAccount({
    network: "devnet",
    asset: "USDC",
    to: res.body.payment_options[0]!.address,
    amount: 10_000_000n,
  });
  await mineBlocks("devnet", 3);
  await expect
    .poll(
      async () => {
        const report = (await api<Report>(key, "GET", "/api/v1/reconciliation?network=devnet&asset=USDC")).body;
        return [report.status, report.data[0]?.received];
      },
      { timeout: 30_000 },
    )
    .toEqual(["matched", "10.00"]);

  await signIn(page.context(), owner);
  await page.goto(`${baseUrl()}${dashboardPath(owner, "/reconciliation")}`);
  await expect(page.getByRole("heading", { name: "Reconciliation", level: 1 })).toBeVisible();
  const result = page.getByRole("region", { name: "Result" });
  await expect(result).toContainText("Matched");
  const row = page.getByRole("row", { name: /Devnet USDC/ }).first();
  await expect(row).toContainText("10.00 USDC");
  await expect(row).toContainText("Matched");
  await expect(page.getByText("None: every deposit address holds exactly what the ledger says")).toBeVisible();
  await screenshot(page, "reconciliation-matched");

  // A ledger entry with no transfer on chain behind it (the ledger takes inserts; only edits are refused).
  const payment = await db().payment.findFirstOrThrow({
    where: { toAddress: address },
    select: { id: true, blockNumber: true },
  });
  const m = owner.merchantId;
  await db().$executeRaw`
    INSERT INTO ledger_transfers (id, key, type, status, debit_account_id, credit_account_id, amount, merchant_id, livemode, network_id, asset, decimals, source_id, block_number, description)
    VALUES (${`txn_e2e${payment.id.slice(4)}`}, ${`e2e:phantom:${payment.id}`}, 'payment', 'posted', ${`custody:deposits:${m}/devnet/USDC/test`},
            ${`merchant:${m}:available/devnet/USDC/test`}, 2500000, ${m}, false, 'devnet', 'USDC', 6, ${payment.id}, ${payment.blockNumber}, 'e2e: no transfer on chain')`;
  await page.getByRole("button", { name: "Check again" }).click();
  await expect(result).toContainText("Mismatch");
  const difference = page.getByRole("table").nth(1).getByRole("row").nth(1);
  await expect(difference).toContainText("Devnet");
  await expect(difference).toContainText("10.00 USDC");
  await expect(difference).toContainText("12.50 USDC");
  await expect(difference).toContainText("-2.50 USDC");
  await expect(difference.getByTitle(address)).toBeVisible();
  await screenshot(page, "reconciliation-mismatch");
  // Its tables of figures scroll sideways on a phone; the page itself fits.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflowingElements(page)).toEqual([]);
  await screenshot(page, "reconciliation-mismatch-390");
  await page.setViewportSize({ width: 1280, height: 860 });

  // A viewer has no entry in the navigation and is told the report is for finance.
  const viewer = await seedMember(owner, "viewer");
  const context = await browser.newContext();
  const viewerPage = await context.newPage();
  await signIn(context, viewer);
  await viewerPage.goto(`${baseUrl()}${dashboardPath(owner, "/reconciliation")}`);
  await expect(viewerPage.getByText("Reconciliation is for finance")).toBeVisible();
  await expect(
    viewerPage.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Reconciliation" }),
  ).toHaveCount(0);
  await context.close();
});
