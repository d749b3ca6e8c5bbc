import { apiRoute, json, readBody, readQuery } from "@/server/api/rest";
import { db } from "@/server/db";
import { createRefund } from "@/server/refunds/create-refund";
import { listRefunds } from "@/server/refunds/list-refunds";
import { createRefundRequest, listRefundsQuery } from "@/server/refunds/refund.schema";

// POST /api/v1/refunds: send an invoice's confirmed payment back, to an address or through a claim link
export const POST = apiRoute("payouts:write", async (request, auth) => {
  const body = await readBody(request, createRefundRequest);
  const refund = await createRefund(db(), {
    merchantId: auth.merchantId,
    livemode: auth.livemode,
    createdBy: auth.keyId,
    request: body,
  });
  return json(201, refund);
});

// GET /api/v1/refunds: the merchant's refunds in this mode, newest first, optionally of one invoice
export const GET = apiRoute("payouts:read", async (request, auth) => {
  const query = readQuery(request, listRefundsQuery);
  const page = await listRefunds(db(), { merchantId: auth.merchantId, livemode: auth.livemode, query });
  return json(200, { object: "list", ...page });
});
