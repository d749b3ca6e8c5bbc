import { apiRoute, json, readQuery } from "@/server/api/rest";
import { db } from "@/server/db";
import { listWithdrawals } from "@/server/withdrawals/list-withdrawals";
import { listWithdrawalsQuery } from "@/server/withdrawals/withdrawal.schema";

// GET /api/v1/withdrawals: the withdrawals in the key's mode, newest first
export const GET = apiRoute("withdrawals:read", async (request, auth) => {
  const query = readQuery(request, listWithdrawalsQuery);
  return json(200, await listWithdrawals(db(), { merchantId: auth.merchantId, livemode: auth.livemode, query }));
});
