import { getAddress } from "viem";
import { findNetwork } from "../chains/networks";
import type { DbClient } from "../db";
import type { Customer } from "../generated/prisma/client";
import { formatDecimal, toBigInt } from "../money";
import type { CustomerResponse } from "./customer.schema";

type Balances = CustomerResponse["balances"];

/** The public `customer` object of a row and its balances (customerBalances). */
export function serializeCustomer(c: Customer, balances: Balances): CustomerResponse {
  return {
    id: c.id,
    object: "customer",
    livemode: c.livemode,
    reference: c.reference,
    email: c.email,
    name: c.name,
    metadata: (c.metadata ?? {}) as Record<string, string>,
    deposit_address: getAddress(c.depositAddress),
    balances,
    created_at: c.createdAt.toISOString(),
  };
}

/**
 * What each customer's deposits credited, per (network, asset), from the customers' ledger sub-accounts
 * (`merchant:{m}:customer:{cus}`, chart-of-accounts.ts) in one query: `credited` is the posted balance (confirmed
 * deposits less reversals), `pending` the deposits still confirming. Decimal strings.
 */
export async function customerBalances(
  db: DbClient,
  customers: Pick<Customer, "id" | "merchantId" | "livemode">[],
): Promise<Map<string, Balances>> {
  const result = new Map<string, Balances>(customers.map((c) => [c.id, []]));
  if (customers.length === 0) return result;
  const byCode = new Map(customers.map((c) => [`merchant:${c.merchantId}:customer:${c.id}`, c.id]));
  const accounts = await db.ledgerAccount.findMany({
    where: { code: { in: [...byCode.keys()] } },
    select: {
      code: true,
      networkId: true,
      asset: true,
      debitsPosted: true,
      creditsPosted: true,
      creditsPending: true,
    },
    orderBy: [{ networkId: "asc" }, { asset: "asc" }],
  });
  for (const a of accounts) {
    const decimals = findNetwork(a.networkId)?.assets.find((x) => x.symbol === a.asset)?.decimals;
    if (decimals === undefined) continue;
    const min = Math.min(2, decimals);
    result.get(byCode.get(a.code)!)!.push({
      network: a.networkId,
      asset: a.asset,
      credited: formatDecimal(toBigInt(a.creditsPosted) - toBigInt(a.debitsPosted), decimals, min),
      pending: formatDecimal(toBigInt(a.creditsPending), decimals, min),
    });
  }
  return result;
}
