import { accountRouter } from "./routers/account";
import { approvalsRouter } from "./routers/approvals";
import { apiKeysRouter } from "./routers/api-keys";
import { auditRouter } from "./routers/audit";
import { customersRouter } from "./routers/customers";
import { invoicesRouter } from "./routers/invoices";
import { ledgerRouter } from "./routers/ledger";
import { overviewRouter } from "./routers/overview";
import { participantsRouter } from "./routers/participants";
import { payoutsRouter } from "./routers/payouts";
import { refundsRouter } from "./routers/refunds";
import { schedulesRouter } from "./routers/schedules";
import { securityRouter } from "./routers/security";
import { settingsRouter } from "./routers/settings";
import { teamRouter } from "./routers/team";
import { webhooksRouter } from "./routers/webhooks";
import { withdrawalsRouter } from "./routers/withdrawals";
import { createCallerFactory, createTRPCRouter } from "./trpc";

/** Every tRPC router of the app; the client imports only the `AppRouter` type. */
export const appRouter = createTRPCRouter({
  account: accountRouter,
  invoices: invoicesRouter,
  schedules: schedulesRouter,
  ledger: ledgerRouter,
  apiKeys: apiKeysRouter,
  settings: settingsRouter,
  team: teamRouter,
  audit: auditRouter,
  overview: overviewRouter,
  webhooks: webhooksRouter,
  withdrawals: withdrawalsRouter,
  payouts: payoutsRouter,
  refunds: refundsRouter,
  participants: participantsRouter,
  customers: customersRouter,
  approvals: approvalsRouter,
  security: securityRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller (tests, server components): `createCaller(await createTRPCContext({ headers }))`. */
export const createCaller = createCallerFactory(appRouter);
