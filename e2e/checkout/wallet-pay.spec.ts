import { expect, test, type Page } from "@playwright/test";
import { createPublicClient, erc20Abi, http } from "viem";
import { anvilTestAccounts, DEVNET_TOKENS } from "../../server/chains/devnet-tokens";
import { devnetRpcUrl, devnetRpcUrlsByChainId, mineBlocks } from "../fixtures/api";
import { createInvoice, getInvoice, screens, setAutomine } from "../fixtures/checkout";
import { installInjectedWallet, walletCalls } from "../fixtures/injected-wallet";

const WALLET_CODE = "@wagmi/core@"; // wagmi's version signature: present only in the wallet chunk

/** Every JavaScript file the page has loaded so far, by URL, with its text. */
function trackScripts(page: Page): Map<string, Promise<string>> {
  const scripts = new Map<string, Promise<string>>();
  page.on("response", (res) => {
    if (res.request().resourceType() === "script")
      scripts.set(
        res.url(),
        res.text().catch(() => ""),
      );
  });
  return scripts;
}

async function loadedWalletCode(scripts: Map<string, Promise<string>>): Promise<boolean> {
  return (await Promise.all(scripts.values())).some((text) => text.includes(WALLET_CODE));
}

// Browser wallets as the page sees them (EIP-6963), signing through the devnets' unlocked anvil accounts:
// account 5 pays in the first two tests, account 6 in the others (no other spec pays from either).
const WALLET_ACCOUNT = anvilTestAccounts(6)[5]!.address;
const EXTENSION_ACCOUNT = anvilTestAccounts(7)[6]!.address;
const wallet = (opts: { account?: string; startChainId?: number; rejectTransactions?: boolean } = {}) => ({
  name: "E2E Wallet",
  rdns: "com.example.e2e-wallet",
  account: opts.account ?? EXTENSION_ACCOUNT,
  rpcUrls: devnetRpcUrlsByChainId(),
  startChainId: opts.startChainId ?? 1,
  rejectTransactions: opts.rejectTransactions ?? false,
});

test("one click in the browser wallet pays the exact USDC amount on the devnet and reaches paid", async ({ page }) => {
  const invoice = await createInvoice({
    amount: "25.00",
    currency: "USDC",
    order_id: "e2e-wallet",
    payment_methods: [{ network: "devnet", asset: "USDC" }],
    redirect_url: "https://shop.example/orders/e2e-wallet",
  });
  const option = invoice.payment_options[0]!;
  await installInjectedWallet(page, wallet({ account: WALLET_ACCOUNT, startChainId: 31337 }));
  const scripts = trackScripts(page);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(invoice.hosted_url);
  const pay = page.getByRole("button", { name: "Pay with E2E Wallet" });
  await expect(pay).toBeVisible();
  await expect(page.getByText("or pay from any wallet")).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("Waiting for payment");
  expect(await loadedWalletCode(scripts)).toBe(false); // wagmi and viem wait for the click
  await screens(page, "wallet");

  // Hold the transaction in the mempool, so the page shows it as sent before the chain has it.
  await setAutomine("devnet", false);
  try {
    await pay.click();
    await expect(page.getByText("Payment sent from your wallet")).toBeVisible();
    const hash = (await page.getByTestId("tx-hash").textContent())!;
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await loadedWalletCode(scripts)).toBe(true);
    await screens(page, "wallet-sent");
    // The page says so from its URL: a reload (or a closed and reopened tab) still shows it.
    expect(new URL(page.url()).searchParams.get("tx")).toBe(hash);
    await page.reload();
    await expect(page.getByText("Payment sent from your wallet")).toBeVisible();
    await expect(page.getByTestId("tx-hash")).toHaveText(hash);

    await setAutomine("devnet", true);
    await mineBlocks("devnet", 1);
    await expect(page.getByRole("status")).toHaveText(/Payment seen — confirming \(\d of 3\)/);
    await mineBlocks("devnet", 2);
    await expect(page.getByRole("status")).toHaveText("Paid");

    // The receipt names the transaction the wallet sent; exactly the invoice's base units arrived.
    await expect(page.getByTestId("tx-hash")).toHaveText(hash);
    await expect(page.getByRole("link", { name: "Back to E2E Coffee Shop" })).toHaveAttribute(
      "href",
      "https://shop.example/orders/e2e-wallet",
    );
    const after = await getInvoice(invoice.id);
    expect(after.status).toBe("paid");
    expect(after.payments).toEqual([
      expect.objectContaining({
        tx_hash: hash,
        from: WALLET_ACCOUNT,
        amount_base_units: "25000000",
        status: "confirmed",
      }),
    ]);
    const balance = await createPublicClient({ transport: http(devnetRpcUrl("devnet")) }).readContract({
      address: DEVNET_TOKENS.find((t) => t.symbol === "USDC")!.address,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [option.address],
    });
    expect(balance).toBe(25_000_000n);
    await screens(page, "wallet-paid");
  } finally {
    await setAutomine("devnet", true);
  }
});

test("the browser wallet sends a native ETH payment on the second devnet, whose RPC URL the page got from the server", async ({
  page,
}) => {
  const invoice = await createInvoice({
    amount: "0.02",
    currency: "ETH",
    payment_methods: [{ network: "devnet-b", asset: "ETH" }],
  });
  await installInjectedWallet(page, wallet({ account: WALLET_ACCOUNT, startChainId: 31337 }));
  await page.goto(invoice.hosted_url);
  await page.getByRole("button", { name: "Pay with E2E Wallet" }).click();
  await expect(page.getByRole("status")).toHaveText(/Payment seen — confirming/);
  await mineBlocks("devnet-b", 2);
  await expect(page.getByRole("status")).toHaveText("Paid");
  const after = await getInvoice(invoice.id);
  expect(after.payments).toEqual([
    expect.objectContaining({ from: WALLET_ACCOUNT, amount_base_units: "20000000000000000", status: "confirmed" }),
  ]);
});

test("a wallet extension announced through EIP-6963 is offered by name, switched to the invoice's chain, and pays", async ({
  page,
}) => {
  const invoice = await createInvoice({
    amount: "3.25",
    currency: "USDC",
    payment_methods: [{ network: "devnet", asset: "USDC" }],
  });
  await installInjectedWallet(page, wallet());
  await page.goto(invoice.hosted_url);
  await page.getByRole("button", { name: "Pay with E2E Wallet" }).click();
  await expect(page.getByRole("status")).toHaveText(/Payment seen — confirming/);
  await mineBlocks("devnet", 2);
  await expect(page.getByRole("status")).toHaveText("Paid");

  const calls = await walletCalls(page);
  expect(calls).toContain("eth_requestAccounts");
  // Switched from chain 1 before anything was sent.
  expect(calls.indexOf("wallet_switchEthereumChain")).toBeGreaterThan(-1);
  expect(calls.indexOf("wallet_switchEthereumChain")).toBeLessThan(calls.indexOf("eth_sendTransaction"));
  const after = await getInvoice(invoice.id);
  expect(after.payments).toEqual([
    expect.objectContaining({ from: EXTENSION_ACCOUNT, amount_base_units: "3250000", status: "confirmed" }),
  ]);
});

test("declining in the wallet says nothing was sent and keeps the other ways to pay", async ({ page }) => {
  const invoice = await createInvoice({
    amount: "3.25",
    currency: "USDC",
    payment_methods: [{ network: "devnet", asset: "USDC" }],
  });
  await installInjectedWallet(page, wallet({ rejectTransactions: true }));
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(invoice.hosted_url);
  await page.getByRole("button", { name: "Pay with E2E Wallet" }).click();
  await expect(page.getByRole("alert")).toHaveText(
    "You declined the request in your wallet. Nothing was sent. You can try again.",
  );
  await expect(page.getByRole("button", { name: "Pay with E2E Wallet" })).toBeEnabled();
  await expect(page.getByRole("status")).toHaveText("Waiting for payment");
  await expect(page.getByRole("button", { name: "Copy address" })).toBeVisible();
  await screens(page, "wallet-declined");
});

test("a wallet transaction that reverted says nothing was paid and shows the ways to pay again", async ({ page }) => {
  const invoice = await createInvoice({
    amount: "2.00",
    currency: "USDC",
    payment_methods: [{ network: "devnet", asset: "USDC" }],
  });
  const hash = `0x${"ab".repeat(32)}`;
  // What the page's script puts in the URL when the wallet's transaction fails on chain.
  await page.goto(`${invoice.hosted_url}?option=devnet%3AUSDC&tx=${hash}&tx_status=reverted`);
  await expect(
    page.getByText("The transaction failed on the network, so nothing was paid. You can try again."),
  ).toBeVisible();
  await expect(page.getByTestId("tx-hash")).toHaveText(hash);
  await expect(page.getByRole("button", { name: "Copy address" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText("Waiting for payment");

  // A malformed hash in the URL is ignored.
  await page.goto(`${invoice.hosted_url}?option=devnet%3AUSDC&tx=<script>`);
  await expect(page.getByText("Payment sent from your wallet")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Copy address" })).toBeVisible();
});
