import { z } from "zod";
import { db } from "@/server/db";
import { getParticipantOrThrow } from "@/server/participants/get-participant-or-throw";
import { listParticipantMovements, participantMovement } from "@/server/participants/list-participant-movements";
import { listParticipants } from "@/server/participants/list-participants";
import { listParticipantsQuery, participantResponse } from "@/server/participants/participant.schema";
import { createTRPCRouter, merchantProcedure } from "../trpc";

/** Marketplace participants of the merchant and mode: the list, and one with its balances and latest movements. */
export const participantsRouter = createTRPCRouter({
  // Not strict: tRPC merges this with the merchant scope's input.
  list: merchantProcedure("payouts:read")
    .input(z.object(listParticipantsQuery.shape))
    .output(z.object({ data: z.array(participantResponse), has_more: z.boolean() }))
    .query(async ({ ctx, input }) => {
      const { merchantId: _m, livemode: _l, ...query } = input;
      const page = await listParticipants(db(), {
        merchantId: ctx.merchant.id,
        livemode: ctx.merchant.livemode,
        query,
      });
      return { data: page.data, has_more: page.has_more };
    }),

  /** The participant (404 for another merchant's or mode's) and its latest 50 ledger movements, newest first. */
  get: merchantProcedure("payouts:read")
    .input(z.object({ id: z.string().min(1).max(64) }))
    .output(z.object({ participant: participantResponse, movements: z.array(participantMovement) }))
    .query(async ({ ctx, input }) => {
      const scope = { merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode };
      const participant = await getParticipantOrThrow(db(), { ...scope, id: input.id });
      const movements = await listParticipantMovements(db(), { ...scope, participantId: participant.id, limit: 50 });
      return { participant, movements };
    }),
});
