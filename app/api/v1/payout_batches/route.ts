import { apiRoute, json, readBody } from "@/server/api/rest";
import { db } from "@/server/db";
import { createPayoutBatch } from "@/server/payouts/create-payout-batch";
import { createPayoutBatchRequest } from "@/server/payouts/payout.schema";

// The largest batch: 1,000 items of a 200-character reference, an address and an amount fit in 512 kB.
const BATCH_MAX_BODY_BYTES = 512 * 1024;

// POST /api/v1/payout_batches: 1 to 1,000 payouts of one network and asset, all or nothing
export const POST = apiRoute(
  "payouts:write",
  async (request, auth) => {
    const body = await readBody(request, createPayoutBatchRequest);
    const batch = await createPayoutBatch(db(), {
      merchantId: auth.merchantId,
      livemode: auth.livemode,
      createdBy: auth.keyId,
      request: body,
    });
    return json(201, batch);
  },
  { maxBodyBytes: BATCH_MAX_BODY_BYTES },
);
