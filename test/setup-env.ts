// Runs in every test worker before the test files: expose the throwaway stack through the
// environment that server/env.ts parses.
import { inject } from "vitest";
import { resetEnvCache } from "../server/env";

Object.assign(process.env, inject("testEnv"));
resetEnvCache();
