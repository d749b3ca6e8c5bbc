import { apiRoute, json } from "@/server/api/rest";
import { db } from "@/server/db";
import { getDepositOrThrow } from "@/server/deposits/get-deposit-or-throw";

// GET /api/v1/deposits/{id}: retrieve a deposit
export const GET = apiRoute<{ id: string }>("invoices:read", async (_request, auth, params) => {
  const deposit = await getDepositOrThrow(db(), {
    id: params.id,
    merchantId: auth.merchantId,
    livemode: auth.livemode,
  });
  return json(200, deposit);
});
