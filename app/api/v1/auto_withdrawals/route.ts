import { apiRoute, json, readBody, readQuery } from "@/server/api/rest";
import { db, inTransaction } from "@/server/db";
import { createAutoWithdrawal } from "@/server/withdrawals/create-auto-withdrawal";
import { listAutoWithdrawals } from "@/server/withdrawals/list-auto-withdrawals";
import { createAutoWithdrawalRequest, listAutoWithdrawalsQuery } from "@/server/withdrawals/withdrawal.schema";

// POST /api/v1/auto_withdrawals: add the rule for a (network, asset), replacing the current one
export const POST = apiRoute("withdrawals:write", async (request, auth) => {
  const body = await readBody(request, createAutoWithdrawalRequest);
  const rule = await inTransaction(db(), (tx) =>
    createAutoWithdrawal(tx, {
      merchantId: auth.merchantId,
      livemode: auth.livemode,
      actor: auth.keyId,
      request: body,
    }),
  );
  return json(201, rule);
});

// GET /api/v1/auto_withdrawals: the current rules in the key's mode, newest first
export const GET = apiRoute("withdrawals:read", async (request, auth) => {
  const params = readQuery(request, listAutoWithdrawalsQuery);
  return json(200, await listAutoWithdrawals(db(), { merchantId: auth.merchantId, livemode: auth.livemode, params }));
});
