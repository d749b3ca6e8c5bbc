import { z } from "zod";
import { listParams } from "@/server/api/pagination";
import { dashboardResolveRequest, paymentLinkRequest } from "@/server/dashboard/dashboard-invoice.schema";
import { getReviewContext } from "@/server/dashboard/get-review-context";
import { listDashboardInvoices } from "@/server/dashboard/list-dashboard-invoices";
import { dashboardInvoicesQuery } from "@/server/dashboard/list-dashboard-invoices.schema";
import { listInvoiceDeliveries } from "@/server/dashboard/list-invoice-deliveries";
import { db, inTransaction } from "@/server/db";
import { cancelInvoice } from "@/server/invoices/cancel-invoice";
import { createInvoice } from "@/server/invoices/create-invoice";
import { getInvoiceOrThrow } from "@/server/invoices/get-invoice-or-throw";
import { invoiceResponse } from "@/server/invoices/invoice.schema";
import { listInvoiceEvents } from "@/server/invoices/list-invoice-events";
import { quoteInvoice } from "@/server/invoices/quote-invoice";
import { resolveInvoice } from "@/server/invoices/resolve-invoice";
import { createTRPCRouter, merchantProcedure } from "../trpc";

const invoiceId = z.object({ id: z.string().min(1).max(64) });

/** Invoices of the merchant and mode: the table, the detail with its timeline and deliveries, creating, cancelling, resolving. */
export const invoicesRouter = createTRPCRouter({
  list: merchantProcedure("invoices:read")
    .input(dashboardInvoicesQuery)
    .query(({ ctx, input }) => listDashboardInvoices(db(), { merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode, query: input })),

  get: merchantProcedure("invoices:read")
    .input(invoiceId)
    .output(invoiceResponse)
    .query(({ ctx, input }) => getInvoiceOrThrow(db(), { id: input.id, merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode })),

  /** The invoice's events in sequence order, each the public event object (raw JSON in the UI). */
  events: merchantProcedure("invoices:read")
    .input(invoiceId.extend(listParams.shape))
    .query(({ ctx, input }) => {
      const { id, ...query } = input;
      return listInvoiceEvents(db(), { invoiceId: id, merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode, query });
    }),

  deliveries: merchantProcedure("invoices:read")
    .input(invoiceId.extend(listParams.shape))
    .query(({ ctx, input }) => {
      const { id, ...params } = input;
      return listInvoiceDeliveries(db(), { invoiceId: id, merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode, params });
    }),

  /** What can be refunded and the resolutions so far. */
  reviewContext: merchantProcedure("invoices:read")
    .input(invoiceId)
    .query(({ ctx, input }) => getReviewContext(db(), { invoiceId: input.id, merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode })),

  /** A payment link: an invoice created from the dashboard; its `hosted_url` is the link to share. */
  create: merchantProcedure("invoices:create")
    .input(paymentLinkRequest)
    .output(invoiceResponse)
    .mutation(async ({ ctx, input }) => {
      const now = new Date();
      const scope = { merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode };
      // Rates are read before the transaction, so that no lock is held while a price feed answers.
      const quote = await quoteInvoice(input, { livemode: scope.livemode, now });
      return inTransaction(db(), async (tx) => {
        const { id } = await createInvoice(tx, { ...scope, request: input, quote, now });
        return getInvoiceOrThrow(tx, { id, ...scope });
      });
    }),

  cancel: merchantProcedure("invoices:cancel")
    .input(invoiceId)
    .mutation(async ({ ctx, input }) => {
      await inTransaction(db(), (tx) => cancelInvoice(tx, { id: input.id, merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode, actor: ctx.actor, now: new Date() }));
    }),

  /** Accept, refund or close an invoice in review; recorded with who did it (resolution row, event cause, audit log). */
  resolve: merchantProcedure("invoices:resolve")
    .input(invoiceId.extend({ resolution: dashboardResolveRequest }))
    .mutation(async ({ ctx, input }) => {
      await inTransaction(db(), (tx) =>
        resolveInvoice(tx, { id: input.id, merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode, actor: ctx.actor, request: input.resolution, now: new Date() }),
      );
    }),
});
