import { z } from "zod";
import { db } from "@/server/db";
import {
  balanceResponse,
  balanceTransactionResponse,
  listBalanceTransactionsQuery,
} from "@/server/ledger/balance.schema";
import { listBalanceTransactions } from "@/server/ledger/list-balance-transactions";
import { listBalances } from "@/server/ledger/list-balances";
import { getReconciliation } from "@/server/ledger/get-reconciliation";
import { reconciliationQuery, reconciliationResponse } from "@/server/ledger/reconciliation.schema";
import { createTRPCRouter, merchantProcedure } from "../trpc";

/** The merchant's balances and their movements, as the public API shows them. */
export const ledgerRouter = createTRPCRouter({
  balances: merchantProcedure("invoices:read")
    .output(z.array(balanceResponse))
    .query(({ ctx }) => listBalances(db(), { merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode })),

  transactions: merchantProcedure("invoices:read")
    // Not strict: tRPC merges this with the merchant scope's input.
    .input(z.object(listBalanceTransactionsQuery.shape).omit({ created_gte: true, created_lt: true }))
    .output(z.object({ data: z.array(balanceTransactionResponse), has_more: z.boolean() }))
    .query(({ ctx, input }) =>
      listBalanceTransactions(db(), { merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode, query: input }),
    ),

  /** The reconciliation report (reads the chains: fetched on demand, not polled). */
  reconciliation: merchantProcedure("reconciliation:read")
    // Not strict: tRPC merges this with the merchant scope's input.
    .input(z.object(reconciliationQuery.shape))
    .output(reconciliationResponse)
    .query(({ ctx, input }) =>
      getReconciliation(db(), {
        merchantId: ctx.merchant.id,
        livemode: ctx.merchant.livemode,
        query: { network: input.network, asset: input.asset },
      }),
    ),
});
