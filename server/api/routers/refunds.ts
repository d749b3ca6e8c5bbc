import { z } from "zod";
import { runIdempotent } from "@/server/api/idempotency/run-idempotent";
import { db } from "@/server/db";
import { cancelRefund } from "@/server/refunds/cancel-refund";
import { createRefund } from "@/server/refunds/create-refund";
import { dashboardCreateRefund, invoiceRefund } from "@/server/refunds/dashboard-refund.schema";
import { listInvoiceRefunds } from "@/server/refunds/list-invoice-refunds";
import { newRefundClaimLink } from "@/server/refunds/new-refund-claim-link";
import { refundResponse } from "@/server/refunds/refund.schema";
import { createTRPCRouter, merchantProcedure } from "../trpc";

const byId = z.object({ id: z.string().min(1).max(64) });

/** Refunds on the dashboard's invoice page: list them, refund (to an address or by claim link), cancel, new link. */
export const refundsRouter = createTRPCRouter({
  forInvoice: merchantProcedure("payouts:read")
    .input(z.object({ invoice: z.string().min(1).max(100) }))
    .output(z.array(invoiceRefund))
    .query(({ ctx, input }) =>
      listInvoiceRefunds(db(), {
        invoiceId: input.invoice,
        merchantId: ctx.merchant.id,
        livemode: ctx.merchant.livemode,
      }),
    ),

  /** One refund, as `POST /api/v1/refunds` makes it; the claim link (shown once) is in the result. */
  create: merchantProcedure("payouts:write")
    .input(dashboardCreateRefund)
    .output(refundResponse)
    .mutation(async ({ ctx, input }) => {
      const { merchantId: _m, livemode: _l, idempotencyKey, ...request } = input;
      const scope = { merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode };
      const { result } = await runIdempotent(db(), {
        ...scope,
        key: idempotencyKey,
        operation: "refunds.create",
        params: request,
        run: () => createRefund(db(), { ...scope, createdBy: ctx.actor, request }),
      });
      return result;
    }),

  cancel: merchantProcedure("payouts:write")
    .input(byId)
    .output(refundResponse)
    .mutation(({ ctx, input }) =>
      cancelRefund(db(), {
        id: input.id,
        merchantId: ctx.merchant.id,
        livemode: ctx.merchant.livemode,
        actor: ctx.actor,
      }),
    ),

  /** A new claim link (the old one stops working): only its hash is stored, so a lost link is replaced. */
  newClaimLink: merchantProcedure("payouts:write")
    .input(byId)
    .output(refundResponse)
    .mutation(({ ctx, input }) =>
      newRefundClaimLink(db(), { id: input.id, merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode }),
    ),
});
