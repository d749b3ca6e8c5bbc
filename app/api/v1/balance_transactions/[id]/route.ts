import { apiRoute, json } from "@/server/api/rest";
import { db } from "@/server/db";
import { getBalanceTransactionOrThrow } from "@/server/ledger/list-balance-transactions";

// GET /api/v1/balance_transactions/{id}: retrieve a balance transaction
export const GET = apiRoute<{ id: string }>("balances:read", async (_request, auth, params) => {
  const txn = await getBalanceTransactionOrThrow(db(), {
    id: params.id,
    merchantId: auth.merchantId,
    livemode: auth.livemode,
  });
  return json(200, txn);
});
