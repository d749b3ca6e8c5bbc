// Generates the Prisma client (npm's postinstall). Generation itself runs in WebAssembly; the CLI
// still looks for a schema-engine binary, which cannot be downloaded everywhere, so when none is
// configured we point it at an existing file: generate never executes it.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const result = spawnSync("npx", ["prisma", "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
