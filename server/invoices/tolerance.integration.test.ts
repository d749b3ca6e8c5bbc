import { beforeAll, describe, expect, it } from "vitest";
import type { Address } from "viem";
import { GET as getRoute } from "@/app/api/v1/invoices/[id]/route";
import { POST as createRoute } from "@/app/api/v1/invoices/route";
import { db } from "@/server/db";
import type { InvoiceResponse } from "@/server/invoices/invoice.schema";
import { tick } from "@/server/jobs/tick";
import { merchantSettingsRequest } from "@/server/merchants/merchant-settings.schema";
import { apiRequest, createTestMerchant, mine, params, pay } from "@/test/fixtures";
import { expectMatched } from "@/test/reconcile";

// The underpayment tolerance end to end (issue 16, item 1): invoices created through the API with the merchant's
// setting, paid for real on the devnet, read back through the API.

let key: string;
let merchantId: string;

async function create(body: Record<string, unknown>): Promise<InvoiceResponse> {
  const res = await createRoute(apiRequest("POST", "/api/v1/invoices", { key, body }), params({}));
  expect(res.status).toBe(201);
  return res.json();
}
async function get(id: string): Promise<InvoiceResponse> {
  return (await getRoute(apiRequest("GET", `/api/v1/invoices/${id}`, { key }), params({ id }))).json();
}
const addressOf = (invoice: InvoiceResponse) => invoice.payment_options[0]!.address as Address;
const storedTolerance = async (id: string) =>
  (await db().invoice.findUniqueOrThrow({ where: { id } })).underpaymentTolerance.toFixed(0);
async function settle(): Promise<void> {
  await mine("devnet", 3);
  await tick(db(), { owner: "tolerance", parts: ["chains"] });
}
async function setTolerance(kind: "none" | "absolute" | "percent", value: string, currency = "USD"): Promise<void> {
  await db().merchant.update({
    where: { id: merchantId },
    data: {
      underpaymentToleranceKind: kind,
      underpaymentToleranceValue: value,
      underpaymentToleranceCurrency: currency,
    },
  });
}

beforeAll(async () => {
  ({ key, merchantId } = await createTestMerchant());
  await tick(db(), { owner: "tolerance", parts: ["chains"] });
});

describe("underpayment tolerance", () => {
  it('a "1.00" USD tolerance is not 1 ETH on an ETH invoice', async () => {
    await setTolerance("absolute", "1.00", "USD");
    const invoice = await create({
      amount: "0.50",
      currency: "ETH",
      payment_methods: [{ network: "devnet", asset: "ETH" }],
    });
    expect(await storedTolerance(invoice.id)).toBe("0");
    await pay({ network: "devnet", asset: "ETH", to: addressOf(invoice), amount: 4n * 10n ** 17n });
    await settle();
    expect(await get(invoice.id)).toMatchObject({ status: "partially_paid", amount_paid: "0.40", amount_due: "0.10" });
    await expectMatched(merchantId);
  });

  it("an invoice smaller than the tolerance accepts at most 5% short, not everything but one base unit", async () => {
    await setTolerance("absolute", "1.00", "USDC");
    const small = await create({
      amount: "0.50",
      currency: "USDC",
      payment_methods: [{ network: "devnet", asset: "USDC" }],
    });
    // 5% of 0.50: 0.025 USDC, never 0.499999.
    expect(await storedTolerance(small.id)).toBe("25000");
    const short = await create({
      amount: "0.50",
      currency: "USDC",
      payment_methods: [{ network: "devnet", asset: "USDC" }],
    });
    await pay({ network: "devnet", asset: "USDC", to: addressOf(small), amount: 475_000n });
    await pay({ network: "devnet", asset: "USDC", to: addressOf(short), amount: 474_999n });
    await settle();
    expect(await get(small.id)).toMatchObject({ status: "paid", amount_paid: "0.475", amount_due: "0.025" });
    expect(await get(short.id)).toMatchObject({ status: "partially_paid", amount_paid: "0.474999" });
    await expectMatched(merchantId);
  });

  it("caps a percentage at 5%: the settings refuse more, and a larger stored one counts as 5%", async () => {
    const settings = {
      name: "Shop",
      supportEmail: null,
      logoUrl: null,
      accentColor: null,
      defaultExpirySeconds: 3600,
      underpaymentToleranceKind: "percent",
    };
    expect(merchantSettingsRequest.safeParse({ ...settings, underpaymentToleranceValue: "5" }).success).toBe(true);
    const refused = merchantSettingsRequest.safeParse({ ...settings, underpaymentToleranceValue: "5.01" });
    expect(refused.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["underpaymentToleranceValue", "A percentage of at most 5 with at most two decimals"],
    ]);

    await setTolerance("percent", "50");
    const capped = await create({
      amount: "10.00",
      currency: "USDC",
      payment_methods: [{ network: "devnet", asset: "USDC" }],
    });
    expect(await storedTolerance(capped.id)).toBe("500000");
    await pay({ network: "devnet", asset: "USDC", to: addressOf(capped), amount: 6_000_000n });
    await settle();
    expect(await get(capped.id)).toMatchObject({ status: "partially_paid", amount_paid: "6.00" });
    await setTolerance("none", "0");
    await expectMatched(merchantId);
  });
});
