import { apiRoute, json, readQuery } from "@/server/api/rest";
import { db } from "@/server/db";
import { getReconciliation } from "@/server/ledger/get-reconciliation";
import { reconciliationQuery } from "@/server/ledger/reconciliation.schema";

// GET /api/v1/reconciliation: the merchant's deposit addresses on chain against the ledger, per network and asset
export const GET = apiRoute("reconciliation:read", async (request, auth) => {
  const query = readQuery(request, reconciliationQuery);
  const report = await getReconciliation(db(), { merchantId: auth.merchantId, livemode: auth.livemode, query });
  return json(200, report);
});
