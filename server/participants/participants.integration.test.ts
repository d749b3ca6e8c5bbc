import { beforeAll, describe, expect, it } from "vitest";
import { erc20Abi, parseEther, type Address, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { GET as statementRoute } from "@/app/api/v1/exports/participant_statement.csv/route";
import { GET as getInvoiceRoute } from "@/app/api/v1/invoices/[id]/route";
import { POST as createInvoiceRoute } from "@/app/api/v1/invoices/route";
import { GET as getParticipantRoute } from "@/app/api/v1/participants/[id]/route";
import { GET as listParticipantsRoute, POST as createParticipantRoute } from "@/app/api/v1/participants/route";
import { POST as createBatchRoute } from "@/app/api/v1/payout_batches/route";
import { GET as getPayoutRoute } from "@/app/api/v1/payouts/[id]/route";
import { POST as createPayoutRoute } from "@/app/api/v1/payouts/route";
import { publicClientFor } from "@/server/chains/client";
import { findNetwork, type Network } from "@/server/chains/networks";
import { db } from "@/server/db";
import { tick } from "@/server/jobs/tick";
import { getBalances } from "@/server/ledger/get-balances";
import { prepareSweeps } from "@/server/sweeps/prepare-sweeps";
import { platformAddress } from "@/server/wallets/platform-keys";
import { devnetRpc, payRaw } from "@/test/chains";
import { apiRequest, createTestMerchant, mine, params, pay } from "@/test/fixtures";
import { expectMatched } from "@/test/reconcile";
import type { InvoiceResponse } from "../invoices/invoice.schema";
import type { PayoutResponse } from "../payouts/payout.schema";
import type { ParticipantResponse } from "./participant.schema";

// Marketplaces end to end on the devnet: participants through the API, invoices with splits paid for real, the
// shares moved in the ledger at paid (and back when the paying block is reorged), participant payouts sent by the
// worker's parts and confirmed on chain, and the participant's statement against the ledger.

const OWNER = "participants-test";
const network = findNetwork("devnet") as Network;
const client: PublicClient = publicClientFor(network);
const USDC = network.assets.find((a) => a.symbol === "USDC")!.tokenAddress as Address;
const PAYER = 6; // an anvil account the reorg test does not pay from

const freshAddress = () => privateKeyToAccount(generatePrivateKey()).address;
const usdcOf = (address: Address) =>
  client.readContract({ address: USDC, abi: erc20Abi, functionName: "balanceOf", args: [address] });

async function post<T>(
  route: (r: Request, c: { params: Promise<Record<string, never>> }) => Promise<Response>,
  path: string,
  key: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const res = await route(apiRequest("POST", path, { key, body, headers }), params({}));
  return { status: res.status, body: (await res.json()) as T };
}

async function createParticipant(key: string, reference: string, address: Address = freshAddress()) {
  const res = await post<ParticipantResponse>(createParticipantRoute, "/api/v1/participants", key, {
    reference,
    name: `Seller ${reference}`,
    address,
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function getParticipant(key: string, id: string): Promise<ParticipantResponse> {
  const res = await getParticipantRoute(apiRequest("GET", `/api/v1/participants/${id}`, { key }), params({ id }));
  expect(res.status).toBe(200);
  return (await res.json()) as ParticipantResponse;
}

/** A participant's available base units in one network and asset (0 when it has no account there). */
async function participantUnits(key: string, id: string, asset: string): Promise<bigint> {
  const p = await getParticipant(key, id);
  return BigInt(p.balances.find((b) => b.network === "devnet" && b.asset === asset)?.available_base_units ?? "0");
}

async function merchantAvailable(merchantId: string, asset: string): Promise<bigint> {
  const b = (await getBalances(db(), { merchantId, livemode: false })).find(
    (x) => x.networkId === "devnet" && x.asset === asset,
  );
  return b?.available ?? 0n;
}

async function createSplitInvoice(
  key: string,
  amount: string,
  currency: "USDC" | "ETH",
  splits: { participant: string; percent: string | number }[],
) {
  const res = await post<InvoiceResponse>(createInvoiceRoute, "/api/v1/invoices", key, {
    amount,
    currency,
    payment_methods: [{ network: "devnet", asset: currency }],
    splits,
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function scan(): Promise<void> {
  await tick(db(), { owner: OWNER, parts: ["chains"] });
}

/** The ledger's split transfers of an invoice: [participant account code, status, amount, reversal?], sorted. */
async function splitsOf(invoiceId: string) {
  const rows = await db().ledgerTransfer.findMany({ where: { invoiceId, type: "split" } });
  return rows
    .map((t) => [
      (t.key.endsWith(":reversal") ? t.debitAccountId : t.creditAccountId).split("/")[0]!.split(":").pop()!,
      t.status,
      t.amount.toFixed(0),
      t.key.endsWith(":reversal") ? "reversal" : "split",
    ])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe("participants API", () => {
  let key: string;
  let otherKey: string;
  beforeAll(async () => {
    ({ key } = await createTestMerchant());
    ({ key: otherKey } = await createTestMerchant());
  });

  it("creates, retrieves and lists participants; a used reference is a 409 and stores nothing", async () => {
    const address = freshAddress();
    const created = await createParticipant(key, "seller-1", address);
    expect(created).toMatchObject({
      object: "participant",
      livemode: false,
      reference: "seller-1",
      name: "Seller seller-1",
      address,
      balances: [],
    });
    expect(created.id).toMatch(/^prt_[0-9A-Za-z]{22}$/);
    expect(await getParticipant(key, created.id)).toEqual(created);

    const before = await db().participant.count();
    const dup = await post<{ error: { code: string; param: string } }>(
      createParticipantRoute,
      "/api/v1/participants",
      key,
      {
        reference: "seller-1",
        name: "Another",
        address: freshAddress(),
      },
    );
    expect([dup.status, dup.body.error.code, dup.body.error.param]).toEqual([
      409,
      "participant_reference_exists",
      "reference",
    ]);
    const bad = await post<{ error: { code: string; param: string } }>(
      createParticipantRoute,
      "/api/v1/participants",
      key,
      {
        reference: "seller-zero",
        name: "Zero",
        address: "0x0000000000000000000000000000000000000000",
      },
    );
    expect([bad.status, bad.body.error.code, bad.body.error.param]).toEqual([422, "parameter_invalid", "address"]);
    expect(await db().participant.count()).toBe(before);

    // Another merchant's key neither sees it nor is refused its reference.
    const hidden = await getParticipantRoute(
      apiRequest("GET", `/api/v1/participants/${created.id}`, { key: otherKey }),
      params({ id: created.id }),
    );
    expect(hidden.status).toBe(404);
    await createParticipant(otherKey, "seller-1");

    const second = await createParticipant(key, "seller-2");
    const list = await listParticipantsRoute(apiRequest("GET", "/api/v1/participants?limit=1", { key }), params({}));
    const page = (await list.json()) as { data: ParticipantResponse[]; has_more: boolean };
    expect([list.status, page.data.map((p) => p.id), page.has_more]).toEqual([200, [second.id], true]);
    const byRef = await listParticipantsRoute(
      apiRequest("GET", "/api/v1/participants?reference=seller-1", { key }),
      params({}),
    );
    expect(((await byRef.json()) as { data: ParticipantResponse[] }).data.map((p) => p.id)).toEqual([created.id]);
  });

  it("replays a create with the same Idempotency-Key", async () => {
    const body = { reference: "seller-idem", name: "Idem", address: freshAddress() };
    const headers = { "idempotency-key": "prt-idem-1" };
    const first = await post<ParticipantResponse>(createParticipantRoute, "/api/v1/participants", key, body, headers);
    const again = await createParticipantRoute(
      apiRequest("POST", "/api/v1/participants", { key, body, headers }),
      params({}),
    );
    expect([first.status, again.status, again.headers.get("idempotent-replayed")]).toEqual([201, 201, "true"]);
    expect(await again.json()).toEqual(first.body);
    expect(await db().participant.count({ where: { reference: "seller-idem" } })).toBe(1);
  });

  it("refuses splits over 100, unknown or another merchant's participants, bad percents: nothing stored", async () => {
    const a = await createParticipant(key, "split-a");
    const b = await createParticipant(key, "split-b");
    const foreign = await createParticipant(otherKey, "split-foreign");
    const cases: [unknown, number, string, string][] = [
      [
        [
          { participant: a.id, percent: "60" },
          { participant: b.id, percent: 40.01 },
        ],
        422,
        "parameter_invalid",
        "splits",
      ],
      [
        [
          { participant: a.id, percent: "10" },
          { participant: foreign.id, percent: "10" },
        ],
        404,
        "resource_missing",
        "splits[1].participant",
      ],
      [[{ participant: "prt_nosuchparticipant000000", percent: 5 }], 404, "resource_missing", "splits[0].participant"],
      [[{ participant: a.id, percent: "12.345" }], 422, "parameter_invalid", "splits[0].percent"],
      [[{ participant: a.id, percent: 0 }], 422, "parameter_invalid", "splits[0].percent"],
      [[{ participant: a.id, percent: "-5" }], 422, "parameter_invalid", "splits[0].percent"],
      [
        [
          { participant: a.id, percent: "5" },
          { participant: a.id, percent: "5" },
        ],
        422,
        "parameter_invalid",
        "splits[1].participant",
      ],
    ];
    const counts = async () => [await db().invoice.count(), await db().invoiceSplit.count()];
    const before = await counts();
    for (const [splits, status, code, param] of cases) {
      const res = await post<{ error: { code: string; param: string } }>(createInvoiceRoute, "/api/v1/invoices", key, {
        amount: "10.00",
        currency: "USDC",
        splits,
      });
      expect([res.status, res.body.error.code, res.body.error.param]).toEqual([status, code, param]);
    }
    expect(await counts()).toEqual(before);

    const invoice = await createSplitInvoice(key, "10.00", "USDC", [
      { participant: a.id, percent: 99.99 },
      { participant: b.id, percent: "0.01" },
    ]);
    const expected = [
      { participant: a.id, percent: "99.99" },
      { participant: b.id, percent: "0.01" },
    ];
    expect(invoice.splits).toEqual(expected);
    const got = await getInvoiceRoute(
      apiRequest("GET", `/api/v1/invoices/${invoice.id}`, { key }),
      params({ id: invoice.id }),
    );
    expect(((await got.json()) as InvoiceResponse).splits).toEqual(expected);
    const plain = await post<InvoiceResponse>(createInvoiceRoute, "/api/v1/invoices", key, {
      amount: "1.00",
      currency: "USDC",
    });
    expect(plain.body.splits).toEqual([]);
  });
});

describe("splits paid on the devnet", () => {
  let key: string;
  let merchantId: string;
  let prt: ParticipantResponse[];

  beforeAll(async () => {
    ({ key, merchantId } = await createTestMerchant());
    prt = [
      await createParticipant(key, "p70"),
      await createParticipant(key, "p20"),
      await createParticipant(key, "p10"),
    ];
    for (const role of ["hot", "gas"] as const)
      await devnetRpc("devnet", "anvil_setBalance", [
        platformAddress(role, false),
        `0x${parseEther("100").toString(16)}`,
      ]);
    await prepareSweeps([network]);
    await scan();
  });

  const splits7020 = () => [
    { participant: prt[0]!.id, percent: "70" },
    { participant: prt[1]!.id, percent: 20 },
    { participant: prt[2]!.id, percent: "10.00" },
  ];

  it("a 70/20/10 invoice paid in USDC, then one paid in ETH: every share exact, the remainder with the merchant", async () => {
    // 10.000001 USDC: 7000000.7, 2000000.2 and 1000000.1 units round down; 1 unit stays with the merchant.
    const usdc = await createSplitInvoice(key, "10.000001", "USDC", splits7020());
    await pay({
      network: "devnet",
      asset: "USDC",
      to: usdc.payment_options[0]!.address as Address,
      amount: 10_000_001n,
    });
    await mine("devnet", 3);
    await scan();
    expect((await db().invoice.findUniqueOrThrow({ where: { id: usdc.id } })).status).toBe("paid");
    expect(await splitsOf(usdc.id)).toEqual(
      [
        [prt[0]!.id, "posted", "7000000", "split"],
        [prt[1]!.id, "posted", "2000000", "split"],
        [prt[2]!.id, "posted", "1000000", "split"],
      ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    expect(await merchantAvailable(merchantId, "USDC")).toBe(1n);
    expect(await participantUnits(key, prt[0]!.id, "USDC")).toBe(7_000_000n);
    expect(await participantUnits(key, prt[1]!.id, "USDC")).toBe(2_000_000n);
    expect(await participantUnits(key, prt[2]!.id, "USDC")).toBe(1_000_000n);
    expect((await getParticipant(key, prt[0]!.id)).balances).toEqual([
      { network: "devnet", asset: "USDC", available: "7.00", available_base_units: "7000000" },
    ]);
    // A second pass (another tick, a replayed sync) adds nothing.
    await scan();
    expect((await splitsOf(usdc.id)).length).toBe(3);
    await expectMatched(merchantId);

    // 0.010000000000000003 ETH: 7000000000000002.1, 2000000000000000.6 and 1000000000000000.3 wei round down.
    const eth = await createSplitInvoice(key, "0.010000000000000003", "ETH", splits7020());
    await pay({
      network: "devnet",
      asset: "ETH",
      to: eth.payment_options[0]!.address as Address,
      amount: 10_000_000_000_000_003n,
    });
    await mine("devnet", 3);
    await scan();
    expect((await db().invoice.findUniqueOrThrow({ where: { id: eth.id } })).status).toBe("paid");
    expect(await participantUnits(key, prt[0]!.id, "ETH")).toBe(7_000_000_000_000_002n);
    expect(await participantUnits(key, prt[1]!.id, "ETH")).toBe(2_000_000_000_000_000n);
    expect(await participantUnits(key, prt[2]!.id, "ETH")).toBe(1_000_000_000_000_000n);
    expect(await merchantAvailable(merchantId, "ETH")).toBe(1n);
    // USDC untouched by the ETH invoice.
    expect(await participantUnits(key, prt[0]!.id, "USDC")).toBe(7_000_000n);
    expect(await merchantAvailable(merchantId, "USDC")).toBe(1n);
    await expectMatched(merchantId);
  });

  it("a participant payout goes to its address, draws on its balance and confirms on chain; more is a 422", async () => {
    const p = prt[0]!;
    const payoutsBefore = await db().payout.count();
    const tooMuch = await post<{ error: { code: string } }>(createPayoutRoute, "/api/v1/payouts", key, {
      network: "devnet",
      asset: "USDC",
      amount: "7.000001",
      participant: p.id,
    });
    expect([tooMuch.status, tooMuch.body.error.code]).toEqual([422, "insufficient_balance"]);
    const both = await post<{ error: { code: string; param: string } }>(createPayoutRoute, "/api/v1/payouts", key, {
      network: "devnet",
      asset: "USDC",
      amount: "1.00",
      participant: p.id,
      address: freshAddress(),
    });
    expect([both.status, both.body.error.param]).toEqual([422, "participant"]);
    const unknown = await post<{ error: { code: string; param: string } }>(createPayoutRoute, "/api/v1/payouts", key, {
      network: "devnet",
      asset: "USDC",
      amount: "1.00",
      participant: "prt_nosuchparticipant000000",
    });
    expect([unknown.status, unknown.body.error.code, unknown.body.error.param]).toEqual([
      404,
      "resource_missing",
      "participant",
    ]);
    expect(await db().payout.count()).toBe(payoutsBefore);

    const created = await post<PayoutResponse>(createPayoutRoute, "/api/v1/payouts", key, {
      network: "devnet",
      asset: "USDC",
      amount: "5.25",
      participant: p.id,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: "queued",
      participant: p.id,
      address: p.address,
      amount: "5.25",
      amount_base_units: "5250000",
    });
    // Reserved on the participant's account at once, not on the merchant's.
    expect(await participantUnits(key, p.id, "USDC")).toBe(1_750_000n);
    expect(await merchantAvailable(merchantId, "USDC")).toBe(1n);

    // A batch mixing a participant item and an address item: the participant's part draws on the participant.
    const to = freshAddress();
    const batchTooMuch = await post<{ error: { code: string } }>(createBatchRoute, "/api/v1/payout_batches", key, {
      network: "devnet",
      asset: "USDC",
      items: [
        { participant: prt[1]!.id, amount: "1.00" },
        { address: to, amount: "0.000002" },
      ],
    });
    expect([batchTooMuch.status, batchTooMuch.body.error.code]).toEqual([422, "insufficient_balance"]);
    const batch = await post<{ id: string }>(createBatchRoute, "/api/v1/payout_batches", key, {
      network: "devnet",
      asset: "USDC",
      items: [
        { participant: prt[1]!.id, amount: "1.50" },
        { participant: prt[2]!.id, amount: "1.00" },
      ],
    });
    expect(batch.status).toBe(201);
    const batchPayouts = await db().payout.findMany({
      where: { batchId: batch.body.id },
      orderBy: { batchIndex: "asc" },
    });
    expect(batchPayouts.map((x) => [x.participantId, x.address])).toEqual([
      [prt[1]!.id, prt[1]!.address.toLowerCase()],
      [prt[2]!.id, prt[2]!.address.toLowerCase()],
    ]);

    for (let i = 0; i < 40; i++) {
      const rows = await db().payout.findMany({
        where: { id: { in: [created.body.id, ...batchPayouts.map((x) => x.id)] } },
      });
      if (rows.every((r) => r.status === "confirmed")) break;
      for (const part of ["chains", "payouts", "sweeps", "sender"] as const)
        await tick(db(), { owner: OWNER, parts: [part] });
      await mine("devnet", 1);
    }
    const res = await getPayoutRoute(
      apiRequest("GET", `/api/v1/payouts/${created.body.id}`, { key }),
      params({ id: created.body.id }),
    );
    expect(((await res.json()) as PayoutResponse).status).toBe("confirmed");
    expect(await usdcOf(p.address as Address)).toBe(5_250_000n);
    expect(await usdcOf(prt[1]!.address as Address)).toBe(1_500_000n);
    expect(await usdcOf(prt[2]!.address as Address)).toBe(1_000_000n);
    const transfer = await db().ledgerTransfer.findUniqueOrThrow({ where: { key: `payout:${created.body.id}` } });
    expect([transfer.status, transfer.amount.toFixed(0), transfer.debitAccountId.split("/")[0]]).toEqual([
      "posted",
      "5250000",
      `merchant:${merchantId}:participant:${p.id}`,
    ]);
    expect(await participantUnits(key, p.id, "USDC")).toBe(1_750_000n);
    expect(await participantUnits(key, prt[1]!.id, "USDC")).toBe(500_000n);
    expect(await participantUnits(key, prt[2]!.id, "USDC")).toBe(0n);
    expect(await merchantAvailable(merchantId, "USDC")).toBe(1n);
    await expectMatched(merchantId);
  });

  it("the participant statement lists exactly its ledger movements with a running balance", async () => {
    const p = prt[0]!;
    const res = await statementRoute(
      apiRequest("GET", `/api/v1/exports/participant_statement.csv?participant=${p.id}`, { key }),
      params({}),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const text = await res.text();
    const [header, ...lines] = text
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    const cols = header!.split(",");
    expect(cols).toEqual([
      "id",
      "created_at",
      "type",
      "status",
      "network",
      "asset",
      "amount",
      "amount_base_units",
      "balance",
      "balance_base_units",
      "invoice",
      "order_id",
      "payment",
      "payout",
      "tx_hash",
      "description",
      "posted_at",
      "voided_at",
    ]);
    const rows = lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i]!, v])));
    const ledger = await db().ledgerTransfer.findMany({
      where: {
        OR: [
          { debitAccountId: { startsWith: `merchant:${merchantId}:participant:${p.id}/` } },
          { creditAccountId: { startsWith: `merchant:${merchantId}:participant:${p.id}/` } },
        ],
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    expect(rows.map((r) => [r.id, r.status, r.amount_base_units])).toEqual(
      ledger.map((t) => [
        t.id,
        t.status,
        (t.creditAccountId.includes(":participant:") ? "" : "-") + t.amount.toFixed(0),
      ]),
    );
    expect(rows.map((r) => [r.type, r.asset, r.amount, r.balance])).toEqual([
      ["split", "USDC", "7.00", "7.00"],
      ["split", "ETH", "0.007000000000000002", "0.007000000000000002"],
      ["payout", "USDC", "-5.25", "1.75"],
    ]);
    const payout = await db().payout.findFirstOrThrow({ where: { participantId: p.id } });
    expect([rows[2]!.payout, rows[2]!.tx_hash]).toEqual([payout.id, payout.txHash]);
    const split = ledger[0]!;
    expect([rows[0]!.invoice, rows[0]!.payment, rows[0]!.tx_hash]).toEqual([
      split.invoiceId,
      split.sourceId,
      split.txHash,
    ]);
    // The final balance per asset is the participant's balance.
    expect(await participantUnits(key, p.id, "USDC")).toBe(BigInt(rows[2]!.balance_base_units!));
    expect(await participantUnits(key, p.id, "ETH")).toBe(BigInt(rows[1]!.balance_base_units!));

    // A window after the splits opens with their balance.
    const from = new Date(ledger[2]!.createdAt.getTime()).toISOString();
    const windowed = await statementRoute(
      apiRequest("GET", `/api/v1/exports/participant_statement.csv?participant=${p.id}&created_gte=${from}`, { key }),
      params({}),
    );
    const wl = (await windowed.text()).trimEnd().split("\r\n").slice(1);
    expect(wl.map((l) => l.split(",")[cols.indexOf("balance")])).toEqual(["1.75"]);
    const missing = await statementRoute(
      apiRequest("GET", `/api/v1/exports/participant_statement.csv?participant=prt_nosuchparticipant000000`, { key }),
      params({}),
    );
    expect(missing.status).toBe(404);
  });

  it("a reorg that removes the paying block reverses the splits with the payment", async () => {
    await mine("devnet", 12); // past the reorg: only this test's blocks are replaced
    await scan();
    const before = await Promise.all(prt.map((p) => participantUnits(key, p.id, "USDC")));
    const availableBefore = await merchantAvailable(merchantId, "USDC");
    const invoice = await createSplitInvoice(key, "20.00", "USDC", splits7020());
    const payment = await payRaw({
      network: "devnet",
      asset: "USDC",
      to: invoice.payment_options[0]!.address as Address,
      amount: 20_000_000n,
      accountIndex: PAYER,
    });
    await mine("devnet", 4); // five blocks deep: confirmed and paid
    await scan();
    expect((await db().invoice.findUniqueOrThrow({ where: { id: invoice.id } })).status).toBe("paid");
    const after = await Promise.all(prt.map((p) => participantUnits(key, p.id, "USDC")));
    expect(after.map((v, i) => v - before[i]!)).toEqual([14_000_000n, 4_000_000n, 2_000_000n]);
    await expectMatched(merchantId);

    // Replace the last five blocks (the payment's among them) without it.
    const filler = {
      from: payment.hash ? (await client.getTransaction({ hash: payment.hash })).from : "",
      value: "0x1",
    };
    await devnetRpc("devnet", "anvil_reorg", [5, [[{ ...filler, to: filler.from }, 0]]]);
    await scan();
    expect(await db().payment.findFirstOrThrow({ where: { invoiceId: invoice.id } })).toMatchObject({
      status: "reorged",
    });
    expect(await splitsOf(invoice.id)).toEqual(
      [
        [prt[0]!.id, "posted", "14000000", "split"],
        [prt[0]!.id, "posted", "14000000", "reversal"],
        [prt[1]!.id, "posted", "4000000", "split"],
        [prt[1]!.id, "posted", "4000000", "reversal"],
        [prt[2]!.id, "posted", "2000000", "split"],
        [prt[2]!.id, "posted", "2000000", "reversal"],
      ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    expect(await Promise.all(prt.map((p) => participantUnits(key, p.id, "USDC")))).toEqual(before);
    expect(await merchantAvailable(merchantId, "USDC")).toBe(availableBefore);
    await expectMatched(merchantId);
  });
});
