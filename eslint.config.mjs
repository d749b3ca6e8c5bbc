import js from "@eslint/js";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";
import { defineConfig, globalIgnores } from "eslint/config";

export default defineConfig([
  js.configs.recommended,
  ...nextVitals,
  ...nextTypeScript,
  {
    rules: {
      // Unused variables are real mistakes here, but `_`-prefixed ones are deliberate placeholders.
      "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  globalIgnores([
    ".next/**",
    "out/**",
    "build/**",
    "next-env.d.ts",
    "node_modules/**",
    "server/generated/**", "public/_payrail/**",
    ".data/**",
    "test-results/**",
    "playwright-report/**",
  ]),
]);
