import { apiRoute, json, readQuery } from "@/server/api/rest";
import { db } from "@/server/db";
import { listBalanceTransactionsQuery } from "@/server/ledger/balance.schema";
import { listBalanceTransactions } from "@/server/ledger/list-balance-transactions";

// GET /api/v1/balance_transactions: the movements of the merchant's available balance, newest first
export const GET = apiRoute("balances:read", async (request, auth) => {
  const query = readQuery(request, listBalanceTransactionsQuery);
  const page = await listBalanceTransactions(db(), { merchantId: auth.merchantId, livemode: auth.livemode, query });
  return json(200, { object: "list", ...page });
});
