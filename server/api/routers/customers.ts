import { z } from "zod";
import { db } from "@/server/db";
import { listParams } from "@/server/db/pagination";
import { customerResponse, listCustomersQuery } from "@/server/customers/customer.schema";
import { getCustomerOrThrow } from "@/server/customers/get-customer-or-throw";
import { listCustomers } from "@/server/customers/list-customers";
import { depositResponse } from "@/server/deposits/deposit.schema";
import { listDeposits } from "@/server/deposits/list-deposits";
import { createTRPCRouter, merchantProcedure } from "../trpc";

const customerId = z.object({ id: z.string().min(1).max(64) });
const page = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item), has_more: z.boolean() });

/** Customers of the merchant and mode (balance top-ups): the list, one customer, and its deposits. */
export const customersRouter = createTRPCRouter({
  list: merchantProcedure("invoices:read")
    .input(z.object(listCustomersQuery.shape))
    .output(page(customerResponse))
    .query(({ ctx, input }) => {
      const { merchantId: _m, livemode: _l, ...query } = input;
      return listCustomers(db(), { merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode, query });
    }),

  get: merchantProcedure("invoices:read")
    .input(customerId)
    .output(customerResponse)
    .query(({ ctx, input }) =>
      getCustomerOrThrow(db(), { id: input.id, merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode }),
    ),

  /** The customer's deposits, newest first (another merchant's customer is NOT_FOUND). */
  deposits: merchantProcedure("invoices:read")
    .input(customerId.extend(listParams.shape))
    .output(page(depositResponse))
    .query(({ ctx, input }) => {
      const { id, merchantId: _m, livemode: _l, ...params } = input;
      return listDeposits(db(), {
        merchantId: ctx.merchant.id,
        livemode: ctx.merchant.livemode,
        query: { ...params, customer: id },
      });
    }),
});
