import { z } from "zod";
import { db, inTransaction } from "@/server/db";
import { listParams } from "@/server/db/pagination";
import { createAutoWithdrawal } from "@/server/withdrawals/create-auto-withdrawal";
import { deleteAutoWithdrawal } from "@/server/withdrawals/delete-auto-withdrawal";
import { listAutoWithdrawals } from "@/server/withdrawals/list-auto-withdrawals";
import { listPlatformWallets } from "@/server/withdrawals/list-platform-wallets";
import { listWithdrawals } from "@/server/withdrawals/list-withdrawals";
import { platformWalletsResponse } from "@/server/withdrawals/platform-wallet.schema";
import {
  autoWithdrawalResponse,
  createAutoWithdrawalRequest,
  listWithdrawalsQuery,
  withdrawalResponse,
} from "@/server/withdrawals/withdrawal.schema";
import { createTRPCRouter, merchantProcedure } from "../trpc";

/** The Wallets page: platform wallets, the merchant's auto-withdrawal rules and its withdrawals. */
export const withdrawalsRouter = createTRPCRouter({
  /** Gas and hot wallet per network with balances read from the chains (fetched on demand). */
  wallets: merchantProcedure("withdrawals:read")
    .output(z.array(platformWalletsResponse))
    .query(({ ctx }) => listPlatformWallets(db(), { livemode: ctx.merchant.livemode })),

  rules: merchantProcedure("withdrawals:read")
    .output(z.array(autoWithdrawalResponse))
    .query(async ({ ctx }) => {
      const params = listParams.parse({ limit: 100 });
      const page = await listAutoWithdrawals(db(), {
        merchantId: ctx.merchant.id,
        livemode: ctx.merchant.livemode,
        params,
      });
      return page.data;
    }),

  // Not strict: tRPC merges this with the merchant scope's input.
  createRule: merchantProcedure("withdrawals:write")
    .input(z.object(createAutoWithdrawalRequest.shape))
    .output(autoWithdrawalResponse)
    .mutation(({ ctx, input }) => {
      const { merchantId: _m, livemode: _l, ...request } = input;
      return inTransaction(db(), (tx) =>
        createAutoWithdrawal(tx, {
          merchantId: ctx.merchant.id,
          livemode: ctx.merchant.livemode,
          actor: ctx.actor,
          request,
        }),
      );
    }),

  deleteRule: merchantProcedure("withdrawals:write")
    .input(z.object({ id: z.string().min(1).max(64) }))
    .output(autoWithdrawalResponse)
    .mutation(({ ctx, input }) =>
      inTransaction(db(), (tx) =>
        deleteAutoWithdrawal(tx, {
          id: input.id,
          merchantId: ctx.merchant.id,
          livemode: ctx.merchant.livemode,
          actor: ctx.actor,
        }),
      ),
    ),

  withdrawals: merchantProcedure("withdrawals:read")
    .input(z.object(listWithdrawalsQuery.shape))
    .output(z.object({ data: z.array(withdrawalResponse), has_more: z.boolean() }))
    .query(async ({ ctx, input }) => {
      const { merchantId: _m, livemode: _l, ...query } = input;
      const page = await listWithdrawals(db(), { merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode, query });
      return { data: page.data, has_more: page.has_more };
    }),
});
