import { apiRoute, json } from "@/server/api/rest";
import { getCustomerOrThrow } from "@/server/customers/get-customer-or-throw";
import { db } from "@/server/db";

// GET /api/v1/customers/{id}: retrieve a customer with its balances
export const GET = apiRoute<{ id: string }>("invoices:read", async (_request, auth, params) => {
  const customer = await getCustomerOrThrow(db(), {
    id: params.id,
    merchantId: auth.merchantId,
    livemode: auth.livemode,
  });
  return json(200, customer);
});
