import { getAddress } from "viem";
import { inTransaction } from "../../server/db";
import { newId } from "../../server/ids";
import { advanceWithdrawal } from "../../server/withdrawals/advance-withdrawal";
import { devnetRpcUrl } from "../fixtures/api";
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
  sidewaysScroll,
  signIn,
  test,
} from "./fixtures";

const ADDRESS = "0x52908400098527886E0F7030069857D2E4169EE7";
const short = (a: string) => `${a.slice(0, 6)}…${a.slice(-4)}`;

async function rpc<T>(network: "devnet" | "devnet-b", method: string, params: unknown[]): Promise<T> {
  const res = await fetch(devnetRpcUrl(network), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return ((await res.json()) as { result: T }).result;
}

test("wallets: the platform wallets per network with a low-gas warning, and the merchant's withdrawals with their transactions", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const owner = await seedOwner("wallets");
  // The worker wrote the platform wallets at its start (the app has no seed to derive them).
  const wallets = await db().platformWallet.findMany({ where: { livemode: false } });
  const gas = getAddress(wallets.find((w) => w.role === "gas")!.address);
  const hot = getAddress(wallets.find((w) => w.role === "hot")!.address);
  // Devnet B's gas wallet below its 0.01 ETH threshold; restored afterwards for the other specs.
  const before = await rpc<string>("devnet-b", "eth_getBalance", [gas, "latest"]);
  await rpc("devnet-b", "anvil_setBalance", [gas, "0x11c37937e08000"]); // 0.005 ETH
  try {
    // A rule through the API, then a confirmed withdrawal of 40 USDC carried by one transaction and a pending one
    // (the sweep itself is tested on anvil in server/withdrawals/).
    const key = await seedApiKey(owner.merchantId);
    const { body: rule } = await api<{ id: string }>(key, "POST", "/api/v1/auto_withdrawals", {
      network: "devnet",
      asset: "USDC",
      address: ADDRESS,
      threshold: "40",
    });
    const hash = `0x${"ab".repeat(32)}`;
    for (const [sequence, status] of [
      [1, "confirmed"],
      [2, "pending"],
    ] as const) {
      const id = newId("wd");
      await db().withdrawal.create({
        data: {
          id,
          merchantId: owner.merchantId,
          livemode: false,
          autoWithdrawalId: rule.id,
          sequence,
          networkId: "devnet",
          asset: "USDC",
          decimals: 6,
          address: ADDRESS.toLowerCase(),
          amount: sequence === 1 ? "40000000" : "12500000",
          createdAt: new Date(Date.now() - (3 - sequence) * 60_000),
        },
      });
      if (status === "confirmed") {
        await inTransaction(db(), (tx) =>
          advanceWithdrawal(tx, {
            withdrawalId: id,
            to: "confirmed",
            txHashes: [hash],
            networkFee: 61_234_000_000_000n,
          }),
        );
      }
    }

    await signIn(page.context(), owner);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${baseUrl()}${dashboardPath(owner, "/wallets")}`);
    await expect(page.getByRole("heading", { name: "Wallets", level: 1 })).toBeVisible();
    const devnetB = page.getByRole("listitem", { name: "Devnet B wallets" });
    await expect(devnetB.getByRole("alert")).toHaveText(
      "Gas wallet low on Devnet B: 0.005 ETH left, below 0.01 ETH. Sweeps and withdrawals stop when it cannot pay their gas: send ETH to its address.",
    );
    await expect(devnetB).toContainText(`Gas wallet${short(gas)}`);
    await expect(devnetB).toContainText(`Hot wallet${short(hot)}`);
    await expect(devnetB).toContainText("USDC");
    await expect(page.getByRole("listitem", { name: "Devnet wallets" })).toContainText(short(gas));

    const rules = page.getByRole("region", { name: "Auto-withdrawal rules" });
    await expect(rules.getByRole("row")).toHaveCount(2);
    await expect(rules.getByRole("row").nth(1).getByRole("cell")).toHaveText([
      "USDC on Devnet",
      new RegExp(short(ADDRESS)),
      "40.00 USDC",
      "0.00 USDC",
      "Active",
      /\d/,
      /^Delete/,
    ]);

    const withdrawals = page.getByRole("region", { name: "Withdrawals" });
    await expect(withdrawals.getByRole("row")).toHaveCount(3);
    await expect(withdrawals.getByRole("row").nth(1).getByRole("cell")).toHaveText([
      "12.50 USDC",
      "Pending",
      "Devnet",
      short(ADDRESS),
      "—",
      "—",
      /\d/,
    ]);
    await expect(withdrawals.getByRole("row").nth(2).getByRole("cell")).toHaveText([
      "40.00 USDC",
      "Confirmed",
      "Devnet",
      short(ADDRESS),
      short(hash),
      "0.000061234 ETH",
      /\d/,
    ]);
    await screenshot(page, "wallets");
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await overflowingElements(page)).toEqual([]);
    expect(await sidewaysScroll(withdrawals.getByRole("table"))).toBe(0);
    expect(await sidewaysScroll(rules.getByRole("table"))).toBe(0);
    await screenshot(page, "wallets-390");
  } finally {
    await rpc("devnet-b", "anvil_setBalance", [gas, before]);
  }
});

test("wallets: an owner adds an auto-withdrawal rule after a refused threshold, confirms it, and deletes it; a viewer only reads", async ({
  page,
}) => {
  test.setTimeout(240_000);
  const owner = await seedOwner("rules");
  await signIn(page.context(), owner);
  await page.goto(`${baseUrl()}${dashboardPath(owner, "/wallets")}`);
  const rules = page.getByRole("region", { name: "Auto-withdrawal rules" });
  await expect(rules.getByText("No auto-withdrawal rule")).toBeVisible();

  await rules.getByRole("button", { name: "Add rule" }).click();
  const dialog = page.getByRole("dialog", { name: "Add an auto-withdrawal rule" });
  await dialog.getByLabel("Network").selectOption({ label: "Devnet" });
  await dialog.getByLabel("Asset").selectOption("USDC");
  await dialog.getByLabel("Your wallet address").fill(ADDRESS);
  await dialog.getByLabel("Threshold").fill("0.5");
  await dialog.getByRole("button", { name: "Review" }).click();
  await page
    .getByRole("dialog", { name: "Confirm the auto-withdrawal" })
    .getByRole("button", { name: "Add rule" })
    .click();
  // The server's minimum, under the field it is about.
  await expect(dialog.getByLabel("Threshold")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog).toContainText(
    "Invalid threshold: below 1.00 USDC, the smallest withdrawal worth its gas on Devnet.",
  );

  await dialog.getByLabel("Threshold").fill("250");
  await dialog.getByLabel("Keep (optional)").fill("25");
  await dialog.getByRole("button", { name: "Review" }).click();
  const confirm = page.getByRole("dialog", { name: "Confirm the auto-withdrawal" });
  await expect(confirm.getByTestId("rule-summary")).toHaveText(
    `When your available USDC on Devnet reaches 250 USDC, everything above 25 USDC will be sent to ${ADDRESS}.`,
  );
  await expect(confirm).toContainText("Test mode: the rule is active at once.");
  await screenshot(page, "wallets-add-rule");
  await confirm.getByRole("button", { name: "Add rule" }).click();
  await expect(confirm).toBeHidden();
  await expect(rules.getByRole("row").nth(1).getByRole("cell")).toHaveText([
    "USDC on Devnet",
    new RegExp(short(ADDRESS)),
    "250.00 USDC",
    "25.00 USDC",
    "Active",
    /\d/,
    /^Delete/,
  ]);
  expect(await db().autoWithdrawal.count({ where: { merchantId: owner.merchantId, status: "active" } })).toBe(1);

  const viewer = await seedMember(owner, "viewer");
  const viewerPage = await page.context().browser()!.newPage();
  await signIn(viewerPage.context(), viewer);
  await viewerPage.goto(`${baseUrl()}${dashboardPath(viewer, "/wallets")}`);
  const viewerRules = viewerPage.getByRole("region", { name: "Auto-withdrawal rules" });
  await expect(viewerRules.getByRole("row").nth(1)).toContainText("250.00 USDC");
  // Reading only: the address can be copied, nothing added or deleted.
  await expect(viewerRules.getByRole("button", { name: "Copy withdrawal address" })).toBeVisible();
  await expect(viewerRules.getByRole("button", { name: /Add rule|Delete/ })).toHaveCount(0);
  await viewerPage.close();

  await rules.getByRole("button", { name: "Delete the USDC rule on devnet" }).click();
  const del = page.getByRole("dialog", { name: "Delete this rule?" });
  await expect(del).toContainText(
    `Nothing more will be sent to ${ADDRESS} from your USDC balance on Devnet. A withdrawal already started finishes.`,
  );
  await del.getByRole("button", { name: "Delete rule" }).click();
  await expect(rules.getByText("No auto-withdrawal rule")).toBeVisible();
  expect(
    await db().autoWithdrawal.count({ where: { merchantId: owner.merchantId, status: { not: "disabled" } } }),
  ).toBe(0);
});
