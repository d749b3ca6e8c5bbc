import { defineConfig, devices } from "@playwright/test";

// e2e runs against `next start` of the production build (`npm run test:e2e` builds first), with the
// worker, on a throwaway stack started by e2e/global-setup.ts. Chromium is Debian's.
export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./e2e/global-setup.ts",
  // Specs and the global setup import server modules: see tsconfig.node.json.
  tsconfig: "./tsconfig.node.json",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
      ],
    },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
});
