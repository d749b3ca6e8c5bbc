import { apiRoute, json } from "@/server/api/rest";
import { db } from "@/server/db";
import { getWithdrawalOrThrow } from "@/server/withdrawals/get-withdrawal-or-throw";

type Params = { id: string };

// GET /api/v1/withdrawals/{id}: retrieve a withdrawal
export const GET = apiRoute<Params>("withdrawals:read", async (_request, auth, params) => {
  return json(
    200,
    await getWithdrawalOrThrow(db(), { id: params.id, merchantId: auth.merchantId, livemode: auth.livemode }),
  );
});
