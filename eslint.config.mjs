import js from "@eslint/js";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";
import { defineConfig, globalIgnores } from "eslint/config";

// Import boundaries (docs: "Where code lives"). Pages, route handlers and components never reach Prisma:
// queries live in server/<domain>/. Transport may hold the client only to pass it to such a function
// (`db()`, `inTransaction`), never query through it.
const PRISMA_INTERNALS = {
  group: [
    "@/server/generated/*",
    "**/server/generated/*",
    "@prisma/client",
    "@prisma/client/*",
    "@/server/db/*",
    "**/server/db/*",
  ],
  message: "Prisma stays in server/: call a function of server/<domain>/ instead.",
};
const DB_HANDLE_ONLY = {
  allowImportNames: ["db", "inTransaction"],
  message: "Transport may only pass db() or inTransaction to a server/<domain>/ function.",
};
const NO_QUERY_IN_TRANSPORT = {
  selector: "MemberExpression[object.type='CallExpression'][object.callee.name='db']",
  message: "No Prisma queries in transport: pass db() to a function of server/<domain>/.",
};
// Configuration is read in server/env.ts only. NODE_ENV stays readable: Next.js inlines it at build time.
const NO_PROCESS_ENV = {
  selector:
    "MemberExpression[object.name='process']:matches([property.name='env'], [property.value='env']):not(MemberExpression[property.name='NODE_ENV'] > MemberExpression.object)",
  message: "Read configuration through env() of server/env.ts.",
};
// The web process runs without the master seed (docs/operations.md, "Keys"): what serves requests never imports
// the modules that read it. Only the worker, the CLI and the cron route's tick reach them.
const SEED_ONLY = {
  group: [
    "**/wallets/master-seed",
    "**/wallets/platform-keys",
    "**/wallets/fill-hd-account-pool",
    "**/webhooks/listen-secret",
  ],
  message: "Worker only: the web process has no PAYRAIL_MASTER_SEED (derive from xpubs, read what the worker stored).",
};
// The worker's tick and the sender sign with platform keys: the cron route runs server/jobs/web-tick.ts instead
// (server/jobs/web-tick.test.ts follows every import of the route, which this rule cannot).
const WORKER_ONLY = {
  group: ["**/jobs/tick", "**/sender/*"],
  message: "Worker only: the web process runs server/jobs/web-tick.ts and never loads the sender.",
};
const NO_UI_IN_SERVER = {
  group: ["@/components", "@/components/*", "**/components", "**/components/*"],
  message: "server/ never imports UI: move what both need into server/.",
};
// server/ directories whose code runs in the web process (routes, tRPC, sign-up, invoice creation).
const WEB_SERVER_DIRS = [
  "api",
  "accounts",
  "auth",
  "audit",
  "docs",
  "exports",
  "invoices",
  "ledger",
  "merchants",
  "schedules",
  "team",
];

export default defineConfig([
  js.configs.recommended,
  ...nextVitals,
  ...nextTypeScript,
  {
    rules: {
      // Unused variables are real mistakes here, but `_`-prefixed ones are deliberate placeholders.
      "@typescript-eslint/no-unused-vars": [
        "warn",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
  {
    files: ["**/*.{ts,tsx,mjs}"],
    ignores: ["server/env.ts", "scripts/**", "bench/**", "test/**", "e2e/**", "**/*.test.ts", "*.config.{ts,mjs}"],
    rules: { "no-restricted-syntax": ["error", NO_PROCESS_ENV] },
  },
  {
    files: ["app/**", "pages/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "@/server/db", ...DB_HANDLE_ONLY },
            // The export routes stream with node-postgres: the pool is a handle, passed on like db().
            { name: "@/server/db/pg-pool", allowImportNames: ["pgPool"], message: DB_HANDLE_ONLY.message },
          ],
          patterns: [
            { ...PRISMA_INTERNALS, group: PRISMA_INTERNALS.group.filter((g) => !g.includes("server/db/")) },
            { regex: "server/db/(?!pg-pool$)", message: PRISMA_INTERNALS.message },
            { regex: "^(\\.\\./)+server/db$", ...DB_HANDLE_ONLY },
            SEED_ONLY,
            WORKER_ONLY,
          ],
        },
      ],
      "no-restricted-syntax": ["error", NO_PROCESS_ENV, NO_QUERY_IN_TRANSPORT],
    },
  },
  {
    files: ["components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { ...PRISMA_INTERNALS, group: [...PRISMA_INTERNALS.group, "@/server/db", "**/server/db"] },
            SEED_ONLY,
          ],
        },
      ],
    },
  },
  {
    files: ["server/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [NO_UI_IN_SERVER] }],
    },
  },
  {
    files: WEB_SERVER_DIRS.map((dir) => `server/${dir}/**`),
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [NO_UI_IN_SERVER, SEED_ONLY] }] },
  },
  globalIgnores([
    ".next/**",
    "out/**",
    "build/**",
    "next-env.d.ts",
    "node_modules/**",
    "server/generated/**",
    "public/_payrail/**",
    ".data/**",
    "test-results/**",
    "playwright-report/**",
  ]),
]);
