import { apiRoute, json } from "@/server/api/rest";
import { db } from "@/server/db";
import { listBalances } from "@/server/ledger/list-balances";

// GET /api/v1/balances: the merchant's balances per network and asset in the key's mode
export const GET = apiRoute("balances:read", async (_request, auth) => {
  const data = await listBalances(db(), { merchantId: auth.merchantId, livemode: auth.livemode });
  return json(200, { object: "list", data, has_more: false });
});
