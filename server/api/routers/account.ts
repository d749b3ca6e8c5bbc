import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { deliverVerificationLink } from "@/server/accounts/deliver-verification-link";
import { EMAIL_VERIFICATION_TOKEN } from "@/server/accounts/email-verification-token";
import { getEmailVerification } from "@/server/accounts/get-email-verification";
import { requestEmailVerification } from "@/server/accounts/request-email-verification";
import { createOwnedMerchant, signUp } from "@/server/accounts/sign-up";
import { signUpRequest } from "@/server/accounts/sign-up.schema";
import { clientAddress } from "@/server/auth/client-address";
import { consumeSignUpAttempt, TooManyAttemptsError } from "@/server/auth/login-rate-limit";
import { revokeUserSessions } from "@/server/auth/revoke-user-sessions";
import { db, inTransaction } from "@/server/db";
import { verifyEmail } from "@/server/accounts/verify-email";
import { acceptInvitation } from "@/server/team/accept-invitation";
import { getInvitationPreview } from "@/server/team/get-invitation-preview";
import { listUserMerchants } from "@/server/team/list-user-merchants";
import { invitationPreview, userMerchant } from "@/server/team/team.schema";
import { authedProcedure, createTRPCRouter, publicProcedure } from "../trpc";

const token = z.string().regex(/^[0-9A-Za-z]{20,64}$/, "Invalid invitation link");

/** The signed-in person: who they are, and the merchants they can switch between. */
export const accountRouter = createTRPCRouter({
  me: authedProcedure
    .output(z.object({ userId: z.string(), email: z.string(), merchants: z.array(userMerchant) }))
    .query(async ({ ctx }) => ({
      userId: ctx.session.userId,
      email: ctx.session.email,
      merchants: await listUserMerchants(db(), ctx.session.userId),
    })),

  /** Sign out everywhere: every session of this user, this one included, ends at its next request. */
  signOutEverywhere: authedProcedure.mutation(async ({ ctx }) => {
    await revokeUserSessions(db(), ctx.session.userId);
  }),

  /** Create an account: a user, their merchant, and their owner membership. The client signs in next. */
  signUp: publicProcedure
    .input(signUpRequest)
    .output(z.object({ slug: z.string() }))
    .mutation(async ({ ctx, input }) => {
      try {
        await consumeSignUpAttempt(clientAddress((name) => ctx.headers.get(name)));
      } catch (error) {
        if (error instanceof TooManyAttemptsError)
          throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: error.message });
        throw error;
      }
      const { slug, email, verificationToken } = await signUp(db(), input);
      deliverVerificationLink({ email, token: verificationToken });
      return { slug };
    }),

  /** The signed-in user's address and whether it is verified (accepting an invitation needs it). */
  emailVerification: authedProcedure
    .output(z.object({ email: z.string(), verified: z.boolean() }))
    .query(async ({ ctx }) => {
      const status = await getEmailVerification(db(), ctx.session.userId);
      if (!status) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
      return status;
    }),

  /**
   * Send the signed-in user a new verification link (replacing any earlier one). `delivered` says whether it went
   * anywhere: without a mailer the link is written to the server's log, where the operator allows it.
   */
  sendVerificationLink: authedProcedure
    .output(z.object({ email: z.string(), delivered: z.boolean() }))
    .mutation(async ({ ctx }) => {
      const link = await inTransaction(db(), (tx) => requestEmailVerification(tx, { userId: ctx.session.userId }));
      return { email: link.email, delivered: deliverVerificationLink({ email: link.email, token: link.token }) };
    }),

  /** Verify an address with the token of its verification link; anyone holding the link may (it is the proof). */
  verifyEmail: publicProcedure
    .input(z.object({ token: z.string().regex(EMAIL_VERIFICATION_TOKEN, "Invalid verification link") }))
    .output(z.object({ email: z.string() }))
    .mutation(({ input }) => inTransaction(db(), (tx) => verifyEmail(tx, { token: input.token }))),

  /** Another merchant owned by the signed-in user. */
  createMerchant: authedProcedure
    .input(z.object({ name: z.string().trim().min(1).max(100) }))
    .output(z.object({ slug: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { slug } = await createOwnedMerchant(db(), { userId: ctx.session.userId, name: input.name });
      return { slug };
    }),

  /** What an invitation link is for; anyone holding the link may see it (the token is the capability). */
  invitation: publicProcedure
    .input(z.object({ token }))
    .output(invitationPreview)
    .query(async ({ input }) => {
      const preview = await getInvitationPreview(db(), { token: input.token });
      if (!preview) throw new TRPCError({ code: "NOT_FOUND", message: "This invitation link is not valid." });
      return preview;
    }),

  /** Join the merchant of an invitation, as the signed-in user whose email it was sent to. */
  acceptInvitation: authedProcedure
    .input(z.object({ token }))
    .output(z.object({ slug: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { slug } = await inTransaction(db(), (tx) =>
        acceptInvitation(tx, { token: input.token, userId: ctx.session.userId }),
      );
      return { slug };
    }),
});
