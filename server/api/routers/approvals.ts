import { z } from "zod";
import { addAllowlistEntry } from "@/server/approvals/add-allowlist-entry";
import { approvePending } from "@/server/approvals/approve-pending";
import { listAllowlist } from "@/server/approvals/list-allowlist";
import { listApprovalQueue } from "@/server/approvals/list-approval-queue";
import { listAutoApprovalLimits } from "@/server/approvals/list-auto-approval-limits";
import { assertApprovalTarget } from "@/server/approvals/lock-approval-unit";
import { rejectPending } from "@/server/approvals/reject-pending";
import { removeAllowlistEntry } from "@/server/approvals/remove-allowlist-entry";
import { setAutoApprovalLimit } from "@/server/approvals/set-auto-approval-limit";
import { db, inTransaction } from "@/server/db";
import { withSecondFactor } from "@/server/totp/with-second-factor";
import { createTRPCRouter, merchantProcedure } from "../trpc";

const target = {
  kind: z.enum(["payout", "batch"]),
  id: z.string().min(1).max(64),
};
/** A 6-digit code, or a recovery code (`XXXXX-XXXXX`). */
const code = z.string().trim().min(6, "Enter the 6-digit code").max(20);

/** Payout approvals (live mode: maker-checker with a TOTP code), the payout allowlist and the auto-approval limits. */
export const approvalsRouter = createTRPCRouter({
  /** Payouts and batches waiting for approval, with the content the approver signs. */
  queue: merchantProcedure("payouts:read").query(({ ctx }) =>
    listApprovalQueue(db(), { merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode, viewerUserId: ctx.actor }),
  ),

  /** Approve what the caller was shown: `digest` of its content (approval-digest.ts) and the caller's code. */
  approve: merchantProcedure("payouts:approve")
    .input(z.object({ ...target, digest: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "Invalid digest"), code }))
    .mutation(async ({ ctx, input }) => {
      const scope = { merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode };
      await assertApprovalTarget(db(), { ...scope, kind: input.kind, id: input.id });
      const now = new Date();
      return withSecondFactor(db(), { userId: ctx.actor, now }, (tx) =>
        approvePending(tx, {
          ...scope,
          kind: input.kind,
          id: input.id,
          approverUserId: ctx.actor,
          digest: input.digest,
          code: input.code,
          now,
        }),
      );
    }),

  /** Reject (cancel) what waits for approval. */
  reject: merchantProcedure("payouts:approve")
    .input(z.object({ ...target, reason: z.string().trim().max(500).optional() }))
    .mutation(({ ctx, input }) =>
      inTransaction(db(), (tx) =>
        rejectPending(tx, {
          merchantId: ctx.merchant.id,
          livemode: ctx.merchant.livemode,
          kind: input.kind,
          id: input.id,
          actor: ctx.actor,
          reason: input.reason || null,
          now: new Date(),
        }),
      ),
    ),

  allowlist: merchantProcedure("payouts:read").query(({ ctx }) =>
    listAllowlist(db(), { merchantId: ctx.merchant.id, livemode: ctx.merchant.livemode, now: new Date() }),
  ),

  /** Add an address; in live mode with the caller's code (usable 24 hours later, owners and admins told). */
  addAllowlistEntry: merchantProcedure("payouts:approve")
    .input(z.object({ address: z.string().max(100), label: z.string().max(200), code: code.optional() }))
    .mutation(({ ctx, input }) => {
      const now = new Date();
      const opts = {
        merchantId: ctx.merchant.id,
        livemode: ctx.merchant.livemode,
        actor: ctx.actor,
        address: input.address,
        label: input.label,
        code: input.code,
        now,
      };
      return ctx.merchant.livemode
        ? withSecondFactor(db(), { userId: ctx.actor, now }, (tx) => addAllowlistEntry(tx, opts))
        : inTransaction(db(), (tx) => addAllowlistEntry(tx, opts));
    }),

  removeAllowlistEntry: merchantProcedure("payouts:approve")
    .input(z.object({ id: z.string().min(1).max(64) }))
    .mutation(({ ctx, input }) =>
      inTransaction(db(), (tx) =>
        removeAllowlistEntry(tx, {
          id: input.id,
          merchantId: ctx.merchant.id,
          livemode: ctx.merchant.livemode,
          actor: ctx.actor,
          now: new Date(),
        }),
      ),
    ),

  /** Live-mode auto-approval limits per network and asset (base units). */
  limits: merchantProcedure("payouts:read").query(({ ctx }) =>
    listAutoApprovalLimits(db(), { merchantId: ctx.merchant.id }),
  ),

  /** Set one limit (a decimal string; "0" turns it off) with the caller's code. Live mode only. */
  setLimit: merchantProcedure("payouts:approve")
    .input(
      z.object({
        network: z.string().min(1).max(64),
        asset: z.string().min(1).max(16),
        amount: z.string().max(80),
        code,
      }),
    )
    .mutation(({ ctx, input }) => {
      const now = new Date();
      const opts = {
        merchantId: ctx.merchant.id,
        livemode: ctx.merchant.livemode,
        actor: ctx.actor,
        network: input.network,
        asset: input.asset,
        amount: input.amount,
        code: input.code,
        now,
      };
      return ctx.merchant.livemode
        ? withSecondFactor(db(), { userId: ctx.actor, now }, (tx) => setAutoApprovalLimit(tx, opts))
        : inTransaction(db(), (tx) => setAutoApprovalLimit(tx, opts));
    }),
});
