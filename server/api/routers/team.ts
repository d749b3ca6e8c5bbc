import { z } from "zod";
import { listParams } from "@/server/db/pagination";
import { db, inTransaction } from "@/server/db";
import { listMemberApiKeys } from "@/server/auth/list-member-api-keys";
import { revokeMemberApiKeys } from "@/server/auth/revoke-member-api-keys";
import { changeMemberRole } from "@/server/team/change-member-role";
import { createInvitation } from "@/server/team/create-invitation";
import { listMembers, listPendingInvitations } from "@/server/team/list-team";
import { removeMember } from "@/server/team/remove-member";
import { revokeInvitation } from "@/server/team/revoke-invitation";
import { revokeInviterInvitations } from "@/server/team/revoke-inviter-invitations";
import {
  changeRoleRequest,
  createdInvitation,
  inviteMemberRequest,
  pendingInvitation,
  teamMember,
} from "@/server/team/team.schema";
import { createTRPCRouter, merchantProcedure } from "../trpc";

/** The merchant's team: members and roles, invitations by link. */
export const teamRouter = createTRPCRouter({
  members: merchantProcedure("team:read")
    .input(listParams)
    .output(z.object({ data: z.array(teamMember), has_more: z.boolean() }))
    .query(({ ctx, input }) => listMembers(db(), { merchantId: ctx.merchant.id, params: input })),

  invitations: merchantProcedure("team:write")
    .input(listParams)
    .output(z.object({ data: z.array(pendingInvitation), has_more: z.boolean() }))
    .query(({ ctx, input }) => listPendingInvitations(db(), { merchantId: ctx.merchant.id, params: input })),

  /** Returns the invitation link: the only time it can be shown. */
  invite: merchantProcedure("team:write")
    .input(inviteMemberRequest)
    .output(createdInvitation)
    .mutation(({ ctx, input }) =>
      inTransaction(db(), (tx) =>
        createInvitation(tx, {
          merchantId: ctx.merchant.id,
          actor: ctx.actor,
          actorRole: ctx.merchant.role,
          request: input,
        }),
      ),
    ),

  revokeInvitation: merchantProcedure("team:write")
    .input(z.object({ id: z.string().min(1).max(64) }))
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await inTransaction(db(), (tx) =>
        revokeInvitation(tx, {
          id: input.id,
          merchantId: ctx.merchant.id,
          actor: ctx.actor,
          actorRole: ctx.merchant.role,
        }),
      );
    }),

  changeRole: merchantProcedure("team:write")
    .input(changeRoleRequest)
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await inTransaction(db(), async (tx) => {
        await changeMemberRole(tx, {
          merchantId: ctx.merchant.id,
          membershipId: input.membershipId,
          role: input.role,
          actor: ctx.actor,
          actorRole: ctx.merchant.role,
        });
        // A demoted inviter's pending invitations that their new role could not send are withdrawn.
        await revokeInviterInvitations(tx, {
          merchantId: ctx.merchant.id,
          membershipId: input.membershipId,
          role: input.role,
          actor: ctx.actor,
        });
      });
    }),

  /** The member's active API keys here (both modes): the removal dialog offers to revoke them. */
  memberApiKeys: merchantProcedure("team:write")
    .input(z.object({ membershipId: z.string().min(1).max(64) }))
    .output(
      z.array(z.object({ id: z.string(), name: z.string().nullable(), prefix: z.string(), livemode: z.boolean() })),
    )
    .query(({ ctx, input }) =>
      listMemberApiKeys(db(), { merchantId: ctx.merchant.id, membershipId: input.membershipId }),
    ),

  /** Remove a member, revoking in the same transaction the keys of theirs the remover chose. */
  remove: merchantProcedure("team:write")
    .input(
      z.object({
        membershipId: z.string().min(1).max(64),
        revokeApiKeyIds: z.array(z.string().min(1).max(64)).max(200).default([]),
      }),
    )
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await inTransaction(db(), async (tx) => {
        await revokeMemberApiKeys(tx, {
          merchantId: ctx.merchant.id,
          membershipId: input.membershipId,
          ids: input.revokeApiKeyIds,
          actor: ctx.actor,
        });
        await revokeInviterInvitations(tx, {
          merchantId: ctx.merchant.id,
          membershipId: input.membershipId,
          role: null,
          actor: ctx.actor,
        });
        await removeMember(tx, {
          merchantId: ctx.merchant.id,
          membershipId: input.membershipId,
          actor: ctx.actor,
          actorRole: ctx.merchant.role,
        });
      });
    }),
});
