import { apiRoute, json } from "@/server/api/rest";
import { db } from "@/server/db";
import { getParticipantOrThrow } from "@/server/participants/get-participant-or-throw";

// GET /api/v1/participants/{id}: a participant with its balances
export const GET = apiRoute<{ id: string }>("payouts:read", async (_request, auth, params) => {
  const participant = await getParticipantOrThrow(db(), {
    id: params.id,
    merchantId: auth.merchantId,
    livemode: auth.livemode,
  });
  return json(200, participant);
});
