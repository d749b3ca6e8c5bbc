import { checkoutRouter } from "./routers/checkout";
import { createCallerFactory, createTRPCRouter } from "./trpc";

/** Every tRPC router of the app; the client imports only the `AppRouter` type. */
export const appRouter = createTRPCRouter({
  checkout: checkoutRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side caller (tests, server components): `createCaller(createTRPCContext({ headers }))`. */
export const createCaller = createCallerFactory(appRouter);
