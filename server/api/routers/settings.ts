import { z } from "zod";
import { listNetworks } from "@/server/chains/list-networks";
import { networkResponse } from "@/server/chains/network.schema";
import { db, inTransaction } from "@/server/db";
import { getMerchantSettingsOrThrow, updateMerchantSettings } from "@/server/merchants/merchant-settings";
import { merchantSettingsRequest } from "@/server/merchants/merchant-settings.schema";
import { createTRPCRouter, merchantProcedure } from "../trpc";

const merchantSettings = merchantSettingsRequest.safeExtend({ id: z.string(), slug: z.string() });

/** The merchant's settings: branding of the hosted page, default expiry, underpayment tolerance; networks read-only. */
export const settingsRouter = createTRPCRouter({
  get: merchantProcedure("settings:read")
    .output(merchantSettings)
    .query(({ ctx }) => getMerchantSettingsOrThrow(db(), ctx.merchant.id)),

  update: merchantProcedure("settings:write")
    .input(z.object({ settings: merchantSettingsRequest }))
    .output(merchantSettings)
    .mutation(({ ctx, input }) =>
      inTransaction(db(), (tx) =>
        updateMerchantSettings(tx, { merchantId: ctx.merchant.id, actor: ctx.actor, settings: input.settings }),
      ),
    ),

  /** The networks and assets on for this mode (set by the operator's RPC URLs; not editable per merchant yet). */
  networks: merchantProcedure("settings:read")
    .output(z.array(networkResponse))
    .query(({ ctx }) => listNetworks(ctx.merchant.livemode)),
});
