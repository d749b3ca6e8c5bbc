import { apiRoute, json } from "@/server/api/rest";
import { db, inTransaction } from "@/server/db";
import { deleteAutoWithdrawal } from "@/server/withdrawals/delete-auto-withdrawal";

type Params = { id: string };

// DELETE /api/v1/auto_withdrawals/{id}: disable a rule; nothing more is withdrawn under it
export const DELETE = apiRoute<Params>("withdrawals:write", async (_request, auth, params) => {
  const scope = { id: params.id, merchantId: auth.merchantId, livemode: auth.livemode, actor: auth.keyId };
  return json(200, await inTransaction(db(), (tx) => deleteAutoWithdrawal(tx, scope)));
});
