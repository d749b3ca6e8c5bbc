import { z } from "zod";
import { db } from "@/server/db";
import { createPayout } from "@/server/payouts/create-payout";
import { createBatchFromCsv } from "@/server/payouts/csv/create-batch-from-csv";
import { previewPayoutCsv } from "@/server/payouts/csv/preview-payout-csv";
import {
  createBatchFromCsvInput,
  createdBatch,
  dashboardCreatePayout,
  payoutCsvInput,
  payoutCsvPreview,
  payoutDetail,
} from "@/server/payouts/dashboard-payout.schema";
import { getPayoutBatchOrThrow } from "@/server/payouts/get-payout-batch-or-throw";
import { getPayoutDetail } from "@/server/payouts/get-payout-detail";
import { listPayoutEvents } from "@/server/payouts/list-payout-events";
import { listPayouts } from "@/server/payouts/list-payouts";
import { listPayoutsQuery, payoutBatchResponse, payoutResponse } from "@/server/payouts/payout.schema";
import { runIdempotent } from "@/server/api/idempotency/run-idempotent";
import { eventResponse } from "@/server/webhooks/event.schema";
import { createTRPCRouter, merchantProcedure } from "../trpc";

const byId = z.object({ id: z.string().min(1).max(64) });

/** The Payouts pages: the list, a payout with its transaction and timeline, a batch, creating one or a CSV batch. */
export const payoutsRouter = createTRPCRouter({
  // Not strict: tRPC merges this with the merchant scope's input.
  list: merchantProcedure("payouts:read")
    .input(z.object(listPayoutsQuery.shape))
    .output(z.object({ data: z.array(payoutResponse), has_more: z.boolean() }))
    .query(({ ctx, input }) => {
      const { merchantId: _m, livemode: _l, ...query } = input;
      return listPayouts(db(), { merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode, query });
    }),

  get: merchantProcedure("payouts:read")
    .input(byId)
    .output(payoutDetail)
    .query(({ ctx, input }) =>
      getPayoutDetail(db(), { id: input.id, merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode }),
    ),

  events: merchantProcedure("payouts:read")
    .input(byId)
    .output(z.array(eventResponse))
    .query(({ ctx, input }) =>
      listPayoutEvents(db(), { id: input.id, merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode }),
    ),

  batch: merchantProcedure("payouts:read")
    .input(byId)
    .output(payoutBatchResponse)
    .query(({ ctx, input }) =>
      getPayoutBatchOrThrow(db(), { id: input.id, merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode }),
    ),

  /** One payout, as `POST /api/v1/payouts` makes it (createPayout), once per form key. */
  create: merchantProcedure("payouts:write")
    .input(dashboardCreatePayout)
    .output(payoutResponse)
    .mutation(async ({ ctx, input }) => {
      const { merchantId: _m, livemode: _l, idempotencyKey, ...request } = input;
      const scope = { merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode };
      const { result } = await runIdempotent(db(), {
        ...scope,
        key: idempotencyKey,
        operation: "payouts.create",
        params: request,
        run: () => createPayout(db(), { ...scope, createdBy: ctx.actor, request }),
      });
      return result;
    }),

  /** Check a CSV file; creates nothing (a mutation only because the file is too large for a GET). */
  previewCsv: merchantProcedure("payouts:write")
    .input(payoutCsvInput)
    .output(payoutCsvPreview)
    .mutation(async ({ ctx, input }) => {
      const { items: _items, ...preview } = await previewPayoutCsv(db(), {
        merchantId: ctx.merchant.id,
        livemode: ctx.merchant.livemode,
        network: input.network,
        asset: input.asset,
        csv: input.csv,
      });
      return preview;
    }),

  createBatchFromCsv: merchantProcedure("payouts:write")
    .input(createBatchFromCsvInput)
    .output(createdBatch)
    .mutation(({ ctx, input }) =>
      createBatchFromCsv(db(), {
        merchantId: ctx.merchant.id,
        livemode: ctx.merchant.livemode,
        createdBy: ctx.actor,
        network: input.network,
        asset: input.asset,
        csv: input.csv,
        digest: input.digest,
        idempotencyKey: input.idempotencyKey,
      }),
    ),
});
