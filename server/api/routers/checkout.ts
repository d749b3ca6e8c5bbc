import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { db } from "@/server/db";
import { findPublicInvoice } from "@/server/invoices/find-public-invoice";
import { invoiceResponse, paymentOptionResponse } from "@/server/invoices/invoice.schema";
import { createTRPCRouter, publicProcedure } from "../trpc";

/**
 * The hosted page's view of an invoice: the public invoice, the URI of what is still due per option,
 * and who the customer is paying (name and branding).
 */
export const checkoutInvoiceResponse = invoiceResponse.extend({
  payment_options: z.array(paymentOptionResponse.extend({ payment_uri_due: z.string() })),
  merchant: z.object({
    name: z.string(),
    support_email: z.string().nullable(),
    logo_url: z.string().nullable(),
    accent_color: z.string().nullable(),
  }),
});
export type CheckoutInvoice = z.infer<typeof checkoutInvoiceResponse>;
export type CheckoutPaymentOption = CheckoutInvoice["payment_options"][number];

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
