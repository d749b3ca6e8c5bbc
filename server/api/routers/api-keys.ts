import { z } from "zod";
import { listParams } from "@/server/db/pagination";
import { createApiKey } from "@/server/auth/api-keys";
import { apiScopes } from "@/server/auth/api-scopes";
import { listApiKeys } from "@/server/auth/list-api-keys";
import { revokeApiKey } from "@/server/auth/revoke-api-key";
import { db, inTransaction } from "@/server/db";
import { createTRPCRouter, merchantProcedure } from "../trpc";

const apiKeyItem = z.object({
  id: z.string(),
  name: z.string().nullable(),
  prefix: z.string(),
  livemode: z.boolean(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  scopes: z.array(z.enum(apiScopes)).nullable(),
  createdBy: z
    .object({ id: z.string(), name: z.string().nullable(), email: z.string(), isMember: z.boolean() })
    .nullable(),
});

/** API keys of the merchant and mode: listed without secrets, created (shown once), revoked. */
export const apiKeysRouter = createTRPCRouter({
  list: merchantProcedure("api_keys:read")
    .input(listParams)
    .output(z.object({ data: z.array(apiKeyItem), has_more: z.boolean() }))
    .query(({ ctx, input }) =>
      listApiKeys(db(), { merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode, params: input }),
    ),

  /**
   * The key itself is in this answer only; it is stored hashed. Without `scopes` a secret key (every
   * scope), with them a restricted key; either way only with scopes the caller's role covers.
   */
  create: merchantProcedure("api_keys:write")
    .input(
      z.object({
        name: z.string().trim().min(1, "Name the key after what uses it").max(100),
        scopes: z.array(z.enum(apiScopes)).min(1, "Choose at least one scope").max(apiScopes.length).optional(),
      }),
    )
    .output(
      z.object({
        id: z.string(),
        key: z.string(),
        prefix: z.string(),
        livemode: z.boolean(),
        scopes: z.array(z.enum(apiScopes)).nullable(),
      }),
    )
    .mutation(({ ctx, input }) =>
      inTransaction(db(), (tx) =>
        createApiKey(tx, {
          merchantId: ctx.merchant.id,
          livemode: ctx.merchant.livemode,
          name: input.name,
          actor: ctx.actor,
          role: ctx.merchant.role,
          scopes: input.scopes,
        }),
      ),
    ),

  revoke: merchantProcedure("api_keys:write")
    .input(z.object({ id: z.string().min(1).max(64) }))
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await inTransaction(db(), (tx) =>
        revokeApiKey(tx, {
          id: input.id,
          merchantId: ctx.merchant.id,
          livemode: ctx.merchant.livemode,
          actor: ctx.actor,
        }),
      );
    }),
});
