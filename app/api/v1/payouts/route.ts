import { apiRoute, json, readBody, readQuery } from "@/server/api/rest";
import { db } from "@/server/db";
import { createPayout } from "@/server/payouts/create-payout";
import { listPayouts } from "@/server/payouts/list-payouts";
import { createPayoutRequest, listPayoutsQuery } from "@/server/payouts/payout.schema";

// POST /api/v1/payouts: pay an address from the merchant's available balance
export const POST = apiRoute("payouts:write", async (request, auth) => {
  const body = await readBody(request, createPayoutRequest);
  const payout = await createPayout(db(), {
    merchantId: auth.merchantId,
    livemode: auth.livemode,
    createdBy: auth.keyId,
    request: body,
  });
  return json(201, payout);
});

// GET /api/v1/payouts: the merchant's payouts in this mode, newest first, filtered
export const GET = apiRoute("payouts:read", async (request, auth) => {
  const query = readQuery(request, listPayoutsQuery);
  const page = await listPayouts(db(), { merchantId: auth.merchantId, livemode: auth.livemode, query });
  return json(200, { object: "list", ...page });
});
