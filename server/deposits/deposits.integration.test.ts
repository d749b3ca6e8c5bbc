// Customers and their deposits on real PostgreSQL and both anvil devnets (issue 14): a customer's permanent address
// receives ETH, USDC and USDT on devnet and devnet-b, credited exactly to the merchant and the customer's sub-account;
// a reorged deposit is voided (pending) or reversed (confirmed); a dust deposit is kept `below_minimum` and not
// credited; a withdrawal sweep takes a customer address's balance. Reconciliation stays matched after each.
import { beforeAll, describe, expect, it } from "vitest";
import { erc20Abi, getAddress, parseEther, type Address, type PublicClient } from "viem";
import { parse } from "csv-parse/sync";
import { GET as getBalancesRoute } from "@/app/api/v1/balances/route";
import { GET as getCustomerRoute } from "@/app/api/v1/customers/[id]/route";
import { GET as listCustomersRoute, POST as createCustomerRoute } from "@/app/api/v1/customers/route";
import { GET as getDepositRoute } from "@/app/api/v1/deposits/[id]/route";
import { GET as listDepositsRoute } from "@/app/api/v1/deposits/route";
import { GET as exportRoute } from "@/app/api/v1/exports/[file]/route";
import { publicClientFor } from "@/server/chains/client";
import { anvilTestAccounts, DEVNET_TOKENS } from "@/server/chains/devnet-tokens";
import { findNetwork, type Network } from "@/server/chains/networks";
import type { CustomerResponse } from "@/server/customers/customer.schema";
import { db, inTransaction } from "@/server/db";
import type { DepositResponse } from "@/server/deposits/deposit.schema";
import { tick } from "@/server/jobs/tick";
import { customerAccounts, merchantAccount } from "@/server/ledger/chart-of-accounts";
import { registerSweepHandlers, requestSweep } from "@/server/sweeps/request-sweep";
import { prepareSweeps } from "@/server/sweeps/prepare-sweeps";
import "@/server/sweeps/sweep-transaction-handlers";
import { sweepableDepositBalances } from "@/server/withdrawals/sweepable-deposit-balances";
import { deriveCustomerAddress } from "@/server/wallets/derive-customer-address";
import { platformAddress, signerForPath } from "@/server/wallets/platform-keys";
import { devnetBlock, devnetRpc, payRaw } from "@/test/chains";
import { apiRequest, createTestMerchant, mine, params, pay } from "@/test/fixtures";
import { expectMatched } from "@/test/reconcile";

const OWNER = "deposits-test";
const PAYER = 6;
// anvil_reorg's filler transaction needs one of anvil's own signers: one no payment comes from.
const FILLER = anvilTestAccounts(9)[8]!.address;
const USDC = DEVNET_TOKENS.find((t) => t.symbol === "USDC")!.address;

let key: string;
let merchantId: string;

async function createCustomer(body: unknown, headers: Record<string, string> = {}) {
  const res = await createCustomerRoute(apiRequest("POST", "/api/v1/customers", { key, body, headers }), params({}));
  return { status: res.status, body: await res.json() };
}
async function getJson<T>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any route handler of the API
  route: (req: Request, ctx: { params: Promise<any> }) => Promise<Response>,
  path: string,
  p: Record<string, string> = {},
  k = key,
): Promise<{ status: number; body: T }> {
  const res = await route(apiRequest("GET", path, { key: k }), params(p));
  return { status: res.status, body: (await res.json()) as T };
}
const depositsOf = async (customer: string) =>
  (await getJson<{ data: DepositResponse[] }>(listDepositsRoute, `/api/v1/deposits?customer=${customer}&limit=100`))
    .body.data;

/** Run the chains part until both devnets' cursors are at their heads, then once more (confirmations). */
async function scanToHead(): Promise<void> {
  const heads = { devnet: (await devnetBlock("devnet")).number, "devnet-b": (await devnetBlock("devnet-b")).number };
  for (let i = 0; i < 50; i++) {
    await tick(db(), { owner: OWNER, parts: ["chains"] });
    const cursors = await db().networkCursor.findMany({ where: { networkId: { in: ["devnet", "devnet-b"] } } });
    const at = (id: "devnet" | "devnet-b") => cursors.find((c) => c.networkId === id)?.blockNumber ?? -1n;
    if (at("devnet") >= heads.devnet && at("devnet-b") >= heads["devnet-b"]) {
      await tick(db(), { owner: OWNER, parts: ["chains"] });
      return;
    }
  }
  throw new Error("the scanner did not reach the heads");
}
async function settle(): Promise<void> {
  await mine("devnet", 3);
  await mine("devnet-b", 3);
  await scanToHead();
}

beforeAll(async () => {
  ({ key, merchantId } = await createTestMerchant());
  await scanToHead();
});

describe("customers API", () => {
  it("creates a customer with a permanent address on the customer branch; a duplicate reference is a 409 and stores nothing", async () => {
    const created = await createCustomer(
      { reference: "user_1", email: "ada@example.com", name: "Ada", metadata: { plan: "pro" } },
      { "idempotency-key": "cus-create-1" },
    );
    expect(created.status).toBe(201);
    const c = created.body as CustomerResponse;
    expect(c).toMatchObject({
      object: "customer",
      livemode: false,
      reference: "user_1",
      email: "ada@example.com",
      name: "Ada",
      metadata: { plan: "pro" },
      balances: [],
    });
    expect(c.id).toMatch(/^cus_[0-9A-Za-z]{22}$/);
    const row = await db().customer.findUniqueOrThrow({ where: { id: c.id } });
    const merchant = await db().merchant.findUniqueOrThrow({ where: { id: merchantId } });
    const hd = await db().hdAccount.findUniqueOrThrow({ where: { index: merchant.hdAccountIndex } });
    expect(row.depositIndex).toBe(0);
    expect(row.derivationPath).toBe(`m/44'/60'/${merchant.hdAccountIndex}'/0/2147483647/0`);
    // The xpub derivation (web process) and the seed's key (worker) agree on the address.
    expect(c.deposit_address).toBe(
      deriveCustomerAddress({ hdAccountIndex: merchant.hdAccountIndex, livemode: false, index: 0, xpub: hd.xpubTest! })
        .address,
    );
    expect(signerForPath(row.derivationPath).address).toBe(c.deposit_address);
    // Never an invoice's address.
    expect(await db().depositAddress.count({ where: { address: row.depositAddress } })).toBe(0);

    // The same Idempotency-Key replays the first response; nothing new is stored.
    const replay = await createCustomer(
      { reference: "user_1", email: "ada@example.com", name: "Ada", metadata: { plan: "pro" } },
      { "idempotency-key": "cus-create-1" },
    );
    expect(replay).toEqual(created);

    const before = await db().customer.count({ where: { merchantId } });
    const dup = await createCustomer({ reference: "user_1" });
    expect(dup).toEqual({
      status: 409,
      body: {
        error: {
          type: "invalid_request_error",
          code: "customer_reference_exists",
          message: "A customer with reference 'user_1' already exists.",
          param: "reference",
        },
      },
    });
    const missing = await createCustomer({ email: "x@example.com" });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatchObject({ code: "parameter_missing", param: "reference" });
    const badEmail = await createCustomer({ reference: "user_2", email: "not-an-email" });
    expect(badEmail.status).toBe(422);
    expect(badEmail.body.error).toMatchObject({ code: "parameter_invalid", param: "email" });
    expect(await db().customer.count({ where: { merchantId } })).toBe(before);

    const second = (await createCustomer({ reference: "user_2" })).body as CustomerResponse;
    expect((await db().customer.findUniqueOrThrow({ where: { id: second.id } })).depositIndex).toBe(1);
    expect(second.deposit_address).not.toBe(c.deposit_address);

    const found = await getJson<{ data: CustomerResponse[] }>(listCustomersRoute, "/api/v1/customers?reference=user_1");
    expect(found.body.data.map((x) => x.id)).toEqual([c.id]);
    expect((await getJson<CustomerResponse>(getCustomerRoute, `/api/v1/customers/${c.id}`, { id: c.id })).body).toEqual(
      c,
    );
    // Another merchant sees neither the customer nor its deposits.
    const other = await createTestMerchant();
    const hidden = await getJson<{ error: { code: string } }>(
      getCustomerRoute,
      `/api/v1/customers/${c.id}`,
      { id: c.id },
      other.key,
    );
    expect(hidden.status).toBe(404);
    const hiddenDeposits = await getJson<{ error: { code: string; param: string } }>(
      listDepositsRoute,
      `/api/v1/deposits?customer=${c.id}`,
      {},
      other.key,
    );
    expect(hiddenDeposits.status).toBe(404);
    expect(hiddenDeposits.body.error.param).toBe("customer");
  });
});

describe("deposits on both devnets", () => {
  let customer: CustomerResponse;
  beforeAll(async () => {
    customer = (await createCustomer({ reference: "top-up" })).body as CustomerResponse;
    // A customer created after the watcher's first load is matched from its next refresh on.
    await scanToHead();
  });

  it("ETH, USDC and USDT sent on devnet and devnet-b are six deposits credited exactly to the merchant and the customer", async () => {
    const to = customer.deposit_address as Address;
    const sent = [
      { network: "devnet", asset: "ETH", amount: parseEther("0.25") },
      { network: "devnet", asset: "USDC", amount: 12_340_000n },
      { network: "devnet", asset: "USDT", amount: 5_000_000n },
      { network: "devnet-b", asset: "ETH", amount: parseEther("0.125") },
      { network: "devnet-b", asset: "USDC", amount: 7_000_001n },
      { network: "devnet-b", asset: "USDT", amount: 3_500_000n },
    ] as const;
    const hashes: string[] = [];
    for (const s of sent) {
      const { hash } = await pay({ network: s.network, asset: s.asset, to, amount: s.amount, accountIndex: PAYER });
      hashes.push(hash.toLowerCase());
    }
    await scanToHead();
    // Each payment has its own block: the last one on each network is still confirming.
    const seen = await depositsOf(customer.id);
    expect(seen).toHaveLength(6);
    expect(seen.filter((d) => d.tx_hash === hashes[2] || d.tx_hash === hashes[5]).map((d) => d.status)).toEqual([
      "pending",
      "pending",
    ]);
    await settle();

    const deposits = await depositsOf(customer.id);
    const rows = deposits
      .map((d) => [d.network, d.asset, d.amount, d.amount_base_units, d.status, d.tx_hash, d.address, d.customer])
      .sort((a, b) => (a[0] !== b[0] ? (a[0]! < b[0]! ? -1 : 1) : a[1]! < b[1]! ? -1 : 1));
    expect(rows).toEqual([
      ["devnet", "ETH", "0.25", "250000000000000000", "confirmed", hashes[0], to, customer.id],
      ["devnet", "USDC", "12.34", "12340000", "confirmed", hashes[1], to, customer.id],
      ["devnet", "USDT", "5.00", "5000000", "confirmed", hashes[2], to, customer.id],
      ["devnet-b", "ETH", "0.125", "125000000000000000", "confirmed", hashes[3], to, customer.id],
      ["devnet-b", "USDC", "7.000001", "7000001", "confirmed", hashes[4], to, customer.id],
      ["devnet-b", "USDT", "3.50", "3500000", "confirmed", hashes[5], to, customer.id],
    ]);
    for (const d of deposits) {
      expect(d.log_index === null).toBe(d.asset === "ETH");
      expect(d.confirmations).toBeGreaterThanOrEqual(3);
      expect(d.confirmed_at).not.toBeNull();
    }
    const one = await getJson<DepositResponse>(getDepositRoute, `/api/v1/deposits/${deposits[0]!.id}`, {
      id: deposits[0]!.id,
    });
    expect(one.body.id).toBe(deposits[0]!.id);

    // The merchant's balances: exactly what was deposited, all available.
    const balances = (
      await getJson<{ data: { network: string; asset: string; available: string; pending: string }[] }>(
        getBalancesRoute,
        "/api/v1/balances",
      )
    ).body.data.map((b) => [b.network, b.asset, b.available, b.pending]);
    expect(balances).toEqual([
      ["devnet", "ETH", "0.25", "0.00"],
      ["devnet", "USDC", "12.34", "0.00"],
      ["devnet", "USDT", "5.00", "0.00"],
      ["devnet-b", "ETH", "0.125", "0.00"],
      ["devnet-b", "USDC", "7.000001", "0.00"],
      ["devnet-b", "USDT", "3.50", "0.00"],
    ]);
    // The customer's sub-account: the same figures.
    const c = (
      await getJson<CustomerResponse>(getCustomerRoute, `/api/v1/customers/${customer.id}`, { id: customer.id })
    ).body;
    expect(c.balances).toEqual([
      { network: "devnet", asset: "ETH", credited: "0.25", pending: "0.00" },
      { network: "devnet", asset: "USDC", credited: "12.34", pending: "0.00" },
      { network: "devnet", asset: "USDT", credited: "5.00", pending: "0.00" },
      { network: "devnet-b", asset: "ETH", credited: "0.125", pending: "0.00" },
      { network: "devnet-b", asset: "USDC", credited: "7.000001", pending: "0.00" },
      { network: "devnet-b", asset: "USDT", credited: "3.50", pending: "0.00" },
    ]);
    // Ledger: one posted deposit entry and one posted customer entry per deposit, nothing else for them.
    const transfers = await db().ledgerTransfer.findMany({ where: { sourceId: { in: deposits.map((d) => d.id) } } });
    expect(transfers).toHaveLength(12);
    expect(new Set(transfers.map((t) => `${t.type}/${t.status}`))).toEqual(new Set(["deposit/posted"]));
    const scope = { merchantId, livemode: false, networkId: "devnet", asset: "USDC" };
    const usdc = transfers.filter((t) => t.networkId === "devnet" && t.asset === "USDC");
    expect(usdc.map((t) => [t.debitAccountId, t.creditAccountId, t.amount.toFixed(0)]).sort()).toEqual(
      [
        [merchantAccount("custody_deposits", scope).id, merchantAccount("available", scope).id, "12340000"],
        [customerAccounts(customer.id, scope).memo.id, customerAccounts(customer.id, scope).customer.id, "12340000"],
      ].sort(),
    );
    // Events: detected then confirmed for each deposit.
    const events = await db().event.findMany({ where: { merchantId, type: { startsWith: "deposit." } } });
    expect(events.filter((e) => e.type === "deposit.detected")).toHaveLength(6);
    expect(events.filter((e) => e.type === "deposit.confirmed")).toHaveLength(6);
    const confirmedEvent = events.find(
      (e) => e.type === "deposit.confirmed" && (e.data as { object: DepositResponse }).object.id === deposits[0]!.id,
    )!;
    expect((confirmedEvent.data as { object: DepositResponse }).object.status).toBe("confirmed");
    await expectMatched(merchantId);
  });

  it("a dust deposit is stored below_minimum and credited to nothing but dust", async () => {
    const to = customer.deposit_address as Address;
    const before = (
      await getJson<CustomerResponse>(getCustomerRoute, `/api/v1/customers/${customer.id}`, { id: customer.id })
    ).body.balances;
    await pay({ network: "devnet", asset: "USDC", to, amount: 9_999n, accountIndex: PAYER });
    await settle();
    const dust = (await depositsOf(customer.id)).filter((d) => d.amount_base_units === "9999");
    expect(dust.map((d) => [d.status, d.confirmed_at])).toEqual([["below_minimum", null]]);
    const after = (
      await getJson<CustomerResponse>(getCustomerRoute, `/api/v1/customers/${customer.id}`, { id: customer.id })
    ).body.balances;
    expect(after).toEqual(before);
    const available = await db().ledgerAccount.findUniqueOrThrow({
      where: {
        id: merchantAccount("available", { merchantId, livemode: false, networkId: "devnet", asset: "USDC" }).id,
      },
    });
    expect(available.creditsPosted.toFixed(0)).toBe("12340000");
    const entries = await db().ledgerTransfer.findMany({ where: { sourceId: dust[0]!.id } });
    expect(entries.map((t) => [t.creditAccountId, t.status, t.amount.toFixed(0)])).toEqual([
      [
        merchantAccount("dust", { merchantId, livemode: false, networkId: "devnet", asset: "USDC" }).id,
        "posted",
        "9999",
      ],
    ]);
    expect(await db().event.count({ where: { merchantId, type: "deposit.detected" } })).toBe(6);
    await expectMatched(merchantId);
  });

  it("the deposits export lists them oldest first with the customer, transaction and status", async () => {
    const file = "deposits.csv";
    const res = await exportRoute(
      apiRequest("GET", `/api/v1/exports/${file}?network=devnet&asset=USDC`, { key }),
      params({ file }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.arrayBuffer());
    const [header, ...rows] = parse(new TextDecoder().decode(bytes.slice(3))) as string[][];
    expect(header).toEqual([
      "id",
      "created_at",
      "customer",
      "customer_reference",
      "status",
      "network",
      "chain_id",
      "asset",
      "amount",
      "amount_base_units",
      "from",
      "address",
      "tx_hash",
      "log_index",
      "block_number",
      "confirmed_at",
      "reorged_at",
    ]);
    const deposits = (await depositsOf(customer.id)).filter((d) => d.network === "devnet" && d.asset === "USDC");
    const expected = [...deposits]
      .reverse()
      .map((d) => [
        d.id,
        d.created_at,
        customer.id,
        "top-up",
        d.status,
        "devnet",
        "31337",
        "USDC",
        d.amount,
        d.amount_base_units,
        d.from,
        customer.deposit_address,
        d.tx_hash,
        String(d.log_index),
        String(d.block_number),
        d.confirmed_at ?? "",
        "",
      ]);
    expect(rows).toEqual(expected);
    expect(rows.map((r) => [r[4], r[9]])).toEqual([
      ["confirmed", "12340000"],
      ["below_minimum", "9999"],
    ]);
  });

  it.each([
    { depth: 1, was: "pending", ledger: ["deposit/voided", "deposit/voided"] },
    {
      depth: 4,
      was: "confirmed",
      ledger: ["adjustment/posted", "adjustment/posted", "deposit/posted", "deposit/posted"],
    },
  ])(
    "a deposit whose block is orphaned (depth $depth, $was) is reorged and taken back in the ledger",
    async ({ depth, was, ledger }) => {
      await mine("devnet", 12); // past the deepest reorg: only this test's blocks are replaced
      await scanToHead();
      const creditedBefore = (
        await db().ledgerAccount.findUniqueOrThrow({
          where: {
            id: customerAccounts(customer.id, { merchantId, livemode: false, networkId: "devnet", asset: "USDC" })
              .customer.id,
          },
        })
      ).creditsPosted.toFixed(0);
      const payment = await payRaw({
        network: "devnet",
        asset: "USDC",
        to: customer.deposit_address as Address,
        amount: 2_000_000n,
        accountIndex: PAYER,
      });
      if (depth > 1) await mine("devnet", depth - 1);
      await scanToHead();
      const deposit = (await depositsOf(customer.id)).find((d) => d.tx_hash === payment.hash)!;
      expect(deposit.status).toBe(was);

      await devnetRpc("devnet", "anvil_reorg", [depth, [[{ from: FILLER, to: FILLER, value: "0x1" }, 0]]]);
      await scanToHead();
      const after = (
        await getJson<DepositResponse>(getDepositRoute, `/api/v1/deposits/${deposit.id}`, { id: deposit.id })
      ).body;
      expect([after.status, after.confirmations, after.confirmed_at]).toEqual(["reorged", 0, null]);
      const entries = await db().ledgerTransfer.findMany({ where: { sourceId: deposit.id } });
      expect(entries.map((t) => `${t.type}/${t.status}`).sort()).toEqual(ledger);
      const reorgedEvents = await db().event.findMany({ where: { merchantId, type: "deposit.reorged" } });
      expect(
        reorgedEvents.filter((e) => (e.data as { object: DepositResponse }).object.id === deposit.id),
      ).toHaveLength(1);
      const creditedAfter = await db().ledgerAccount.findUniqueOrThrow({
        where: {
          id: customerAccounts(customer.id, { merchantId, livemode: false, networkId: "devnet", asset: "USDC" })
            .customer.id,
        },
      });
      expect(creditedAfter.creditsPosted.toFixed(0)).toBe(
        depth === 1 ? creditedBefore : (BigInt(creditedBefore) + 2_000_000n).toString(),
      );
      expect(
        (BigInt(creditedAfter.creditsPosted.toFixed(0)) - BigInt(creditedAfter.debitsPosted.toFixed(0))).toString(),
      ).toBe(creditedBefore);
      await expectMatched(merchantId);
    },
  );
});

describe("sweeps take customer addresses", () => {
  const client: PublicClient = publicClientFor(findNetwork("devnet") as Network);
  beforeAll(async () => {
    // A sweep requested directly (no withdrawal row behind it): nothing to tell when it is confirmed.
    registerSweepHandlers("withdrawal", { confirmed: async () => {} });
    await prepareSweeps([findNetwork("devnet") as Network]);
    await devnetRpc("devnet", "anvil_setBalance", [
      platformAddress("gas", false),
      `0x${parseEther("100").toString(16)}`,
    ]);
  });

  it("a withdrawal sweep takes a customer address's confirmed USDC whole", async () => {
    const m = await createTestMerchant();
    const [k, mid] = [m.key, m.merchantId];
    const res = await createCustomerRoute(
      apiRequest("POST", "/api/v1/customers", { key: k, body: { reference: "sweep-me" } }),
      params({}),
    );
    const c = (await res.json()) as CustomerResponse;
    await scanToHead();
    await pay({
      network: "devnet",
      asset: "USDC",
      to: c.deposit_address as Address,
      amount: 4_200_000n,
      accountIndex: PAYER,
    });
    await settle();
    const scope = { merchantId: mid, livemode: false, networkId: "devnet", asset: "USDC" };
    const sources = await sweepableDepositBalances(db(), scope);
    expect(sources).toEqual([
      {
        address: c.deposit_address.toLowerCase(),
        keyPath: (await db().customer.findUniqueOrThrow({ where: { id: c.id } })).derivationPath,
        amount: 4_200_000n,
      },
    ]);
    const dest = getAddress("0x000000000000000000000000000000000000c0de") as Address;
    const { id } = await inTransaction(db(), (tx) =>
      requestSweep(tx, {
        key: `test:customer-sweep:${c.id}`,
        networkId: "devnet",
        livemode: false,
        merchantId: mid,
        asset: "USDC",
        to: dest,
        purpose: "withdrawal",
        sourceId: `wd_test_${c.id.slice(4, 12)}`,
        debitAccountId: merchantAccount("available", scope).id,
        sources: sources.map((s) => ({ address: s.address as Address, keyPath: s.keyPath, amount: s.amount })),
      }),
    );
    for (let i = 0; i < 20; i++) {
      const at = new Date(Date.now() + i * 60_000);
      await tick(db(), { owner: OWNER, parts: ["sweeps", "sender"], now: () => at });
      if ((await db().sweep.findUniqueOrThrow({ where: { id } })).status === "confirmed") break;
      await mine("devnet", 1);
    }
    await mine("devnet", 3);
    await scanToHead();
    expect((await db().sweep.findUniqueOrThrow({ where: { id } })).status).toBe("confirmed");
    const balanceOf = (a: Address) =>
      client.readContract({ address: USDC, abi: erc20Abi, functionName: "balanceOf", args: [a] });
    expect(await balanceOf(dest)).toBe(4_200_000n);
    expect(await balanceOf(c.deposit_address as Address)).toBe(0n);
    expect(await sweepableDepositBalances(db(), scope)).toEqual([]);
    const available = await db().ledgerAccount.findUniqueOrThrow({
      where: { id: merchantAccount("available", scope).id },
    });
    expect((BigInt(available.creditsPosted.toFixed(0)) - BigInt(available.debitsPosted.toFixed(0))).toString()).toBe(
      "0",
    );
    await expectMatched(mid);
  });
});
