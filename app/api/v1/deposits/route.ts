import { apiRoute, json, readQuery } from "@/server/api/rest";
import { db } from "@/server/db";
import { listDepositsQuery } from "@/server/deposits/deposit.schema";
import { listDeposits } from "@/server/deposits/list-deposits";

// GET /api/v1/deposits: the merchant's deposits in this mode, newest first (`?customer=`, `?status=`)
export const GET = apiRoute("invoices:read", async (request, auth) => {
  const query = readQuery(request, listDepositsQuery);
  const page = await listDeposits(db(), { merchantId: auth.merchantId, livemode: auth.livemode, query });
  return json(200, { object: "list", ...page });
});
