import type { DbClient } from "../db";
import { AppError } from "../errors";
import type { CustomerResponse } from "./customer.schema";
import { customerBalances, serializeCustomer } from "./serialize-customer";

/** One of the merchant's customers in the mode, with its balances; another merchant's or mode's is a 404. */
export async function getCustomerOrThrow(
  db: DbClient,
  opts: { id: string; merchantId: string; livemode: boolean },
): Promise<CustomerResponse> {
  const customer = await db.customer.findFirst({
    where: { id: opts.id, merchantId: opts.merchantId, livemode: opts.livemode },
  });
  if (!customer) throw new AppError("resource_missing", `No such customer: '${opts.id}'.`, { param: "id" });
  const balances = await customerBalances(db, [customer]);
  return serializeCustomer(customer, balances.get(customer.id)!);
}
