import { z } from "zod";
import { db, inTransaction } from "@/server/db";
import { qrSvg } from "@/server/invoices/qr-svg";
import { confirmTotpEnrolment } from "@/server/totp/confirm-totp-enrolment";
import { disableTotp } from "@/server/totp/disable-totp";
import { getTotpStatus } from "@/server/totp/get-totp-status";
import { startTotpEnrolment } from "@/server/totp/start-totp-enrolment";
import { withSecondFactor } from "@/server/totp/with-second-factor";
import { authedProcedure, createTRPCRouter } from "../trpc";

const code = z.string().trim().min(6, "Enter the 6-digit code").max(20);

/** The signed-in person's own second factor (TOTP): per person, whatever merchant the dashboard shows. */
export const securityRouter = createTRPCRouter({
  totpStatus: authedProcedure.query(({ ctx }) => getTotpStatus(db(), ctx.session.userId)),

  /** A new secret to scan (QR) or type: shown this once; nothing is protected until `confirmTotp`. */
  startTotp: authedProcedure.mutation(async ({ ctx }) => {
    const { secret, uri } = await inTransaction(db(), (tx) =>
      startTotpEnrolment(tx, { userId: ctx.session.userId, email: ctx.session.email, now: new Date() }),
    );
    return { secret, uri, qrSvg: await qrSvg(uri) };
  }),

  /** Turn TOTP on with the first code; answers the recovery codes, shown this once. */
  confirmTotp: authedProcedure.input(z.object({ code })).mutation(({ ctx, input }) => {
    const now = new Date();
    return withSecondFactor(db(), { userId: ctx.session.userId, now }, (tx) =>
      confirmTotpEnrolment(tx, { userId: ctx.session.userId, code: input.code, now }),
    );
  }),

  /** Turn TOTP off with a current code or a recovery code. */
  disableTotp: authedProcedure.input(z.object({ code })).mutation(async ({ ctx, input }) => {
    const now = new Date();
    await withSecondFactor(db(), { userId: ctx.session.userId, now }, (tx) =>
      disableTotp(tx, { userId: ctx.session.userId, code: input.code, now }),
    );
  }),
});
