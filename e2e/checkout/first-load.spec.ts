import { gzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import { createInvoice } from "../fixtures/checkout";
import { installInjectedWallet } from "../fixtures/injected-wallet";

const BUDGET_BYTES = 120_000; // issue 5: first-load JavaScript of /pay/[id], gzip
const WALLET_CODE = "@wagmi/core@"; // wagmi's version signature: present only in the wallet chunk

test("the hosted page's first load is our own few kilobytes of gzipped JavaScript: no framework, no wallet code", async ({
  page,
}) => {
  const invoice = await createInvoice({
    amount: "25.00",
    currency: "USDC",
    payment_methods: [{ network: "devnet", asset: "USDC" }],
  });
  // A browser wallet is present, so the page offers one-click payment; its code still waits for the click.
  await installInjectedWallet(page, {
    name: "E2E Wallet",
    rdns: "com.example.e2e-wallet",
    account: `0x${"11".repeat(20)}`,
    rpcUrls: {},
    startChainId: 1,
  });
  const scripts = new Map<string, Promise<Buffer>>();
  page.on("response", (res) => {
    if (res.request().resourceType() === "script") scripts.set(new URL(res.url()).pathname, res.body());
  });

  await page.goto(invoice.hosted_url, { waitUntil: "networkidle" });
  await expect(page.getByRole("button", { name: "Pay with E2E Wallet" })).toBeVisible();

  const bodies = await Promise.all([...scripts.values()]);
  const gzipped = bodies.reduce((sum, body) => sum + gzipSync(body).length, 0);
  // Only the page's own script and its chunks: nothing from Next.js or React.
  expect([...scripts.keys()].filter((p) => !p.startsWith("/_payrail/checkout/"))).toEqual([]);
  expect(scripts.size).toBeGreaterThanOrEqual(1);
  expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
  expect(bodies.some((b) => b.toString("utf8").includes(WALLET_CODE))).toBe(false);
  // The page's script and chunks are content-hashed, so browsers keep them.
  const main = await page.request.get(new URL([...scripts.keys()][0]!, page.url()).href);
  expect(main.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  console.log(`first-load JavaScript of /pay/[id]: ${scripts.size} file(s), ${gzipped} bytes gzip`);
});
