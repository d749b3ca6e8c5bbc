import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { db } from "@/server/db";
import { findPublicInvoice } from "@/server/invoices/find-public-invoice";
import { invoiceResponse } from "@/server/invoices/invoice.schema";
import { createTRPCRouter, publicProcedure } from "../trpc";

/** The hosted page's view of an invoice: the public invoice plus who the customer is paying. */
export const checkoutInvoiceResponse = invoiceResponse.extend({
  merchant: z.object({ name: z.string(), support_email: z.string().nullable() }),
});
export type CheckoutInvoice = z.infer<typeof checkoutInvoiceResponse>;

export const checkoutRouter = createTRPCRouter({
  /** The invoice behind `/pay/[id]`; polled by the page for live status. NOT_FOUND for unknown ids. */
  invoice: publicProcedure
    .input(z.object({ id: z.string().min(1).max(64) }))
    .output(checkoutInvoiceResponse)
    .query(async ({ input }) => {
      const invoice = await findPublicInvoice(db(), input.id);
      if (!invoice) throw new TRPCError({ code: "NOT_FOUND", message: "Invoice not found" });
      return invoice;
    }),
});
