import { z } from "zod";
import { db } from "@/server/db";
import { listParams } from "@/server/db/pagination";
import { cancelInvoiceForMerchant } from "@/server/invoices/cancel-invoice-for-merchant";
import { createInvoiceForMerchant } from "@/server/invoices/create-invoice-for-merchant";
import {
  dashboardResolveRequest,
  invoiceDeliveryRow,
  paymentLinkRequest,
  reviewContext,
} from "@/server/invoices/dashboard-invoice.schema";
import { getInvoiceOrThrow } from "@/server/invoices/get-invoice-or-throw";
import { getReviewContext } from "@/server/invoices/get-review-context";
import { invoiceResponse } from "@/server/invoices/invoice.schema";
import { can } from "@/server/auth/permissions";
import { listInvoiceDeliveries } from "@/server/invoices/list-invoice-deliveries";
import { listInvoiceEvents } from "@/server/invoices/list-invoice-events";
import { listInvoiceRows } from "@/server/invoices/list-invoices";
import { invoiceRow, invoiceTableQuery } from "@/server/invoices/list-invoices.schema";
import { resolveInvoiceForMerchant } from "@/server/invoices/resolve-invoice-for-merchant";
import { eventResponse } from "@/server/webhooks/event.schema";
import { createTRPCRouter, merchantProcedure } from "../trpc";

const invoiceId = z.object({ id: z.string().min(1).max(64) });
const page = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), has_more: z.boolean() });

/** Invoices of the merchant and mode: the table, the detail with its timeline and deliveries, creating, cancelling, resolving. */
export const invoicesRouter = createTRPCRouter({
  list: merchantProcedure("invoices:read")
    .input(invoiceTableQuery)
    .output(page(invoiceRow))
    .query(({ ctx, input }) =>
      listInvoiceRows(db(), { merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode, query: input }),
    ),

  get: merchantProcedure("invoices:read")
    .input(invoiceId)
    .output(invoiceResponse)
    .query(({ ctx, input }) =>
      getInvoiceOrThrow(db(), { id: input.id, merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode }),
    ),

  /** The invoice's events in sequence order, each the public event object (raw JSON in the UI). */
  events: merchantProcedure("invoices:read")
    .input(invoiceId.extend(listParams.shape))
    .output(page(eventResponse))
    .query(({ ctx, input }) => {
      const { id, ...query } = input;
      return listInvoiceEvents(db(), {
        invoiceId: id,
        merchantId: ctx.merchant.id,
        livemode: ctx.merchant.livemode,
        query,
      });
    }),

  deliveries: merchantProcedure("invoices:read")
    .input(invoiceId.extend(listParams.shape))
    .output(page(invoiceDeliveryRow))
    .query(({ ctx, input }) => {
      const { id, ...params } = input;
      const revealEndpoints = can(ctx.merchant.role, "webhooks:read");
      return listInvoiceDeliveries(db(), {
        invoiceId: id,
        merchantId: ctx.merchant.id,
        livemode: ctx.merchant.livemode,
        params,
        revealEndpoints,
      });
    }),

  /** What can be refunded and the resolutions so far. */
  reviewContext: merchantProcedure("invoices:read")
    .input(invoiceId)
    .output(reviewContext)
    .query(({ ctx, input }) =>
      getReviewContext(db(), { invoiceId: input.id, merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode }),
    ),

  /** A payment link: an invoice created from the dashboard; its `hosted_url` is the link to share. */
  create: merchantProcedure("invoices:create")
    .input(paymentLinkRequest)
    .output(invoiceResponse)
    .mutation(({ ctx, input }) => {
      const { merchantId: _m, livemode: _l, ...request } = input;
      return createInvoiceForMerchant(db(), { merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode, request });
    }),

  cancel: merchantProcedure("invoices:cancel")
    .input(invoiceId)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await cancelInvoiceForMerchant(db(), {
        id: input.id,
        merchantId: ctx.merchant.id,
        livemode: ctx.merchant.livemode,
        actor: ctx.actor,
      });
    }),

  /** Accept, refund or close an invoice in review; recorded with who did it (resolution row, event cause, audit log). */
  resolve: merchantProcedure("invoices:resolve")
    .input(invoiceId.extend({ resolution: dashboardResolveRequest }))
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await resolveInvoiceForMerchant(db(), {
        id: input.id,
        merchantId: ctx.merchant.id,
        livemode: ctx.merchant.livemode,
        actor: ctx.actor,
        request: input.resolution,
      });
    }),
});
