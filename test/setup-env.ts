// Runs in every test worker before the test files: expose the throwaway stack through the
// environment that server/env.ts parses.
import { beforeAll, inject } from "vitest";
import { resetEnvCache } from "../server/env";

Object.assign(process.env, inject("testEnv"));
resetEnvCache();

// Merchants take their HD account from the pool that the worker keeps filled (server/wallets/fill-hd-account-pool.ts):
// every test file starts with a pool as a running worker would keep it.
beforeAll(async () => {
  const [{ db }, { fillHdAccountPool }] = await Promise.all([
    import("../server/db"),
    import("../server/wallets/fill-hd-account-pool"),
  ]);
  await fillHdAccountPool(db(), { target: 100 });
});
