import { spawnSync } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "@/scripts/lib/local-files";
import { db } from "@/server/db";
import { tick } from "@/server/jobs/tick";
import { createDevnetInvoice, devnetBlock, devnetRpc, payRaw } from "@/test/chains";
import { GET as reconciliationRoute } from "@/app/api/v1/reconciliation/route";
import { apiRequest, createTestMerchant, mine, params, pay } from "@/test/fixtures";
import { expectMatched, reconcileMerchant } from "@/test/reconcile";
import { anvilTestAccounts } from "@/server/chains/devnet-tokens";
import { reconcile, type ReconciledAsset } from "./reconcile";

// The reconciliation report against the real devnets: the deposit addresses' balances read on chain at
// the confirmed block, against the ledger's postings.

const OWNER = "reconcile-test";
const FILLER = anvilTestAccounts(9)[8]!.address;

/** Mine two blocks on both devnets and run the tick: every payment so far reaches its 3 confirmations. */
async function settle(): Promise<void> {
  await mine("devnet", 2);
  await mine("devnet-b", 2);
  await tick(db(), { owner: OWNER });
}

const zeros = {
  received: 0n,
  paidOut: 0n,
  refunded: 0n,
  withdrawn: 0n,
  available: 0n,
  pending: 0n,
  reserved: 0n,
  held: 0n,
  onChain: 0n,
  ledger: 0n,
};

/** The report's rows without their block numbers (checked separately), by network and asset. */
function rows(assets: ReconciledAsset[]) {
  return assets.map(({ blockNumber: _b, ...rest }) => rest);
}

let first: { merchantId: string; key: string; slug: string };

/** `npm run payrail -- ...` against the test stack (its DATABASE_URL and RPC URLs are in the environment). */
function cli(...args: string[]) {
  const result = spawnSync(
    path.join(REPO_ROOT, "node_modules/.bin/tsx"),
    ["--tsconfig", "tsconfig.node.json", "scripts/cli.ts", ...args],
    {
      cwd: REPO_ROOT,
      env: { ...process.env },
      encoding: "utf8",
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  await tick(db(), { owner: OWNER });
  first = await createTestMerchant();
});

async function get(query: string, key: string) {
  const res = await reconciliationRoute(apiRequest("GET", `/api/v1/reconciliation${query}`, { key }), params({}));
  return { status: res.status, body: await res.json() };
}

describe("reconciliation against the devnets", () => {
  it("matches after payments in USDC, USDT and ETH confirm on both devnets", async () => {
    const { merchantId } = first;
    const usdc = await createDevnetInvoice(merchantId, { amount: "12.50", currency: "USDC", network: "devnet" });
    const usdt = await createDevnetInvoice(merchantId, { amount: "7.00", currency: "USDT", network: "devnet-b" });
    const eth = await createDevnetInvoice(merchantId, { amount: "0.25", currency: "ETH", network: "devnet" });
    await pay({ network: "devnet", asset: "USDC", to: usdc.address, amount: 12_500_000n });
    await pay({ network: "devnet-b", asset: "USDT", to: usdt.address, amount: 7_000_000n });
    await pay({ network: "devnet", asset: "ETH", to: eth.address, amount: 250_000_000_000_000_000n });
    await settle();

    const report = await expectMatched(merchantId);
    const heads = { devnet: (await devnetBlock("devnet")).number, "devnet-b": (await devnetBlock("devnet-b")).number };
    expect(report.networks).toEqual([
      {
        networkId: "devnet",
        chainId: 31337,
        status: "checked",
        blockNumber: heads.devnet - 2n,
        scannedBlock: heads.devnet,
      },
      {
        networkId: "devnet-b",
        chainId: 31338,
        status: "checked",
        blockNumber: heads["devnet-b"] - 2n,
        scannedBlock: heads["devnet-b"],
      },
    ]);
    const row = (networkId: string, asset: string, decimals: number, amount: bigint) => ({
      ...zeros,
      networkId,
      asset,
      decimals,
      status: "matched",
      addresses: 3,
      received: amount,
      available: amount,
      onChain: amount,
      ledger: amount,
    });
    expect(rows(report.assets)).toEqual([
      row("devnet", "ETH", 18, 250_000_000_000_000_000n),
      row("devnet", "USDC", 6, 12_500_000n),
      row("devnet", "USDT", 6, 0n),
      row("devnet-b", "ETH", 18, 0n),
      row("devnet-b", "USDC", 6, 0n),
      row("devnet-b", "USDT", 6, 7_000_000n),
    ]);
  });
});

describe("differences", () => {
  it("lists a transfer the watcher never saw (after the address's watch window) with its exact difference, for its merchant only", async () => {
    const other = await createTestMerchant();
    const watched = await createDevnetInvoice(other.merchantId, {
      amount: "2.00",
      currency: "USDC",
      network: "devnet",
    });
    const ended = await createDevnetInvoice(other.merchantId, { amount: "2.00", currency: "USDC", network: "devnet" });
    // The watch window is over: funds that arrive now are on chain and in no ledger entry.
    await db().depositAddress.update({
      where: { invoiceId: ended.id },
      data: { watchUntil: new Date(Date.now() - 1000) },
    });
    await pay({ network: "devnet", asset: "USDC", to: watched.address, amount: 2_000_000n });
    await pay({ network: "devnet", asset: "USDC", to: ended.address, amount: 1_500_000n });
    await settle();
    expect(await db().payment.count({ where: { invoiceId: ended.id } })).toBe(0);

    const report = await reconcileMerchant(other.merchantId);
    const block = report.networks.find((n) => n.networkId === "devnet")!.blockNumber!;
    expect(report.status).toBe("mismatch");
    expect(report.violations).toEqual([]);
    expect(report.differences).toEqual([
      {
        address: ended.address,
        networkId: "devnet",
        asset: "USDC",
        decimals: 6,
        blockNumber: block,
        onChain: 1_500_000n,
        ledger: 0n,
        difference: 1_500_000n,
      },
    ]);
    expect(rows(report.assets).find((a) => a.networkId === "devnet" && a.asset === "USDC")).toEqual({
      ...zeros,
      networkId: "devnet",
      asset: "USDC",
      decimals: 6,
      status: "mismatch",
      addresses: 2,
      received: 2_000_000n,
      available: 2_000_000n,
      onChain: 3_500_000n,
      ledger: 2_000_000n,
    });
    expect(report.assets.filter((a) => a.status === "mismatch").map((a) => `${a.networkId}/${a.asset}`)).toEqual([
      "devnet/USDC",
    ]);

    // The first merchant's report holds only its own three addresses, and still matches.
    const mine_ = await expectMatched(first.merchantId);
    expect(mine_.assets.every((a) => a.addresses === 3)).toBe(true);
    // The operator's run over every merchant: each address in its own merchant's report.
    const all = await reconcile(db(), { livemode: false });
    const byMerchant = new Map(all.map((r) => [r.merchantId, r]));
    // Its addresses and assets match; the hot wallet lines of this run are the platform's, shared by every test file
    // on the devnet (whose ETH for gas other files top up), so they are not this test's to assert.
    expect(byMerchant.get(first.merchantId)!.differences).toEqual([]);
    expect(byMerchant.get(first.merchantId)!.assets.map((a) => a.status)).toEqual(mine_.assets.map(() => "matched"));
    expect(byMerchant.get(other.merchantId)!.differences).toEqual(report.differences);
    expect(all.flatMap((r) => r.differences.map((d) => d.address))).not.toContain(watched.address);

    // Through the API, as decimal strings.
    const res = await get("", other.key);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      object: "reconciliation",
      livemode: false,
      status: "mismatch",
      ledger_violations: [],
    });
    expect(res.body.differences).toEqual([
      {
        address: ended.address,
        network: "devnet",
        asset: "USDC",
        block_number: Number(block),
        on_chain: "1.50",
        ledger: "0.00",
        difference: "1.50",
      },
    ]);
    const usdc = await get("?network=devnet&asset=USDC", other.key);
    expect(usdc.body.networks).toEqual([
      {
        network: "devnet",
        chain_id: 31337,
        status: "checked",
        block_number: Number(block),
        scanned_block_number: Number(block) + 2,
      },
    ]);
    expect(usdc.body.data).toEqual([
      {
        network: "devnet",
        asset: "USDC",
        decimals: 6,
        block_number: Number(block),
        status: "mismatch",
        received: "2.00",
        paid_out: "0.00",
        refunded: "0.00",
        withdrawn: "0.00",
        available: "2.00",
        pending: "0.00",
        reserved: "0.00",
        held: "0.00",
        deposit_addresses: { count: 2, on_chain: "3.50", ledger: "2.00" },
      },
    ]);
    const eth = await get("?network=devnet-b&asset=ETH", other.key);
    expect(eth.body).toMatchObject({
      status: "matched",
      differences: [],
      data: [{ network: "devnet-b", asset: "ETH", status: "matched" }],
    });
    expect((await get("", first.key)).body).toMatchObject({ status: "matched", differences: [] });

    expect(await get("?network=mars", other.key)).toMatchObject({
      status: 422,
      body: { error: { code: "unsupported_network", param: "network" } },
    });
    expect(await get("?network=ethereum", other.key)).toMatchObject({
      status: 422,
      body: { error: { code: "unsupported_network", param: "network" } },
    });
    expect(await get("?asset=DOGE", other.key)).toMatchObject({
      status: 422,
      body: { error: { code: "unsupported_asset", param: "asset" } },
    });
    expect(await get("?colour=red", other.key)).toMatchObject({
      status: 422,
      body: { error: { code: "parameter_unknown", param: "colour" } },
    });

    // The operator's command: exit 0 when matched, 1 with the difference listed otherwise.
    const ok = cli("reconcile", "--merchant", first.slug, "--json");
    expect(ok.code).toBe(0);
    const [json] = JSON.parse(ok.stdout) as { merchant: { slug: string }; status: string; differences: unknown[] }[];
    expect(json).toMatchObject({
      merchant: { slug: first.slug },
      object: "reconciliation",
      livemode: false,
      status: "matched",
      differences: [],
    });
    const bad = cli("reconcile", "--merchant", other.slug);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`${other.slug} (${other.merchantId}), test mode: MISMATCH`);
    expect(bad.stdout).toContain(
      `  difference: ${ended.address} on devnet at block ${block}: USDC on chain 1.50, ledger 0.00, difference 1.50\n`,
    );
    expect(bad.stdout).toMatch(/ {2}devnet +USDC +\d+ +2\.00 +2\.00 +0\.00 +0\.00 +0\.00 +3\.50 +2\.00 +mismatch\n/);
    expect(bad.stderr).toContain("the ledger does not match the chains");
  });
});

describe("reorgs", () => {
  const PAYER = 6;

  it.each([false, true])(
    "a confirmed payment reorged away (re-included: %s) still reconciles at every step",
    async (reincluded) => {
      const { merchantId } = await createTestMerchant();
      await mine("devnet", 12); // past the reorg: only this test's blocks get replaced
      await tick(db(), { owner: OWNER });
      const invoice = await createDevnetInvoice(merchantId, { amount: "10.00", currency: "USDC", network: "devnet" });
      const payment = await payRaw({
        network: "devnet",
        asset: "USDC",
        to: invoice.address,
        amount: 10_000_000n,
        accountIndex: PAYER,
      });
      await mine("devnet", 4); // 5 deep: confirmed and posted
      await tick(db(), { owner: OWNER });
      expect((await db().payment.findFirstOrThrow({ where: { invoiceId: invoice.id } })).status).toBe("confirmed");
      const before = await expectMatched(merchantId);
      expect(before.assets.find((a) => a.networkId === "devnet" && a.asset === "USDC")).toMatchObject({
        onChain: 10_000_000n,
        ledger: 10_000_000n,
      });

      const filler = [{ from: FILLER, to: FILLER, value: "0x1" }, 0];
      await devnetRpc("devnet", "anvil_reorg", [5, reincluded ? [filler, [payment.raw, 4]] : [filler]]);
      await tick(db(), { owner: OWNER });
      const reversal = await db().ledgerTransfer.findFirstOrThrow({
        where: { invoiceId: invoice.id, key: { endsWith: ":reversal" } },
      });
      expect(reversal.blockNumber).toBe(payment.blockNumber);
      await expectMatched(merchantId);
      await mine("devnet", 3);
      await tick(db(), { owner: OWNER });
      const after = await expectMatched(merchantId);
      expect(after.assets.find((a) => a.networkId === "devnet" && a.asset === "USDC")).toMatchObject(
        reincluded ? { onChain: 10_000_000n, ledger: 10_000_000n } : { onChain: 0n, ledger: 0n },
      );
    },
  );
});
