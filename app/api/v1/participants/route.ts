import { apiRoute, json, readBody, readQuery } from "@/server/api/rest";
import { db } from "@/server/db";
import { createParticipant } from "@/server/participants/create-participant";
import { listParticipants } from "@/server/participants/list-participants";
import { createParticipantRequest, listParticipantsQuery } from "@/server/participants/participant.schema";

// POST /api/v1/participants: register a marketplace participant (its payout address)
export const POST = apiRoute("payouts:write", async (request, auth) => {
  const body = await readBody(request, createParticipantRequest);
  const participant = await createParticipant(db(), {
    merchantId: auth.merchantId,
    livemode: auth.livemode,
    request: body,
  });
  return json(201, participant);
});

// GET /api/v1/participants: the merchant's participants in this mode, newest first, with their balances
export const GET = apiRoute("payouts:read", async (request, auth) => {
  const query = readQuery(request, listParticipantsQuery);
  return json(200, await listParticipants(db(), { merchantId: auth.merchantId, livemode: auth.livemode, query }));
});
