/** Whether `npm run build` must run: no build yet, or a source file newer than the last build. */
import { existsSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { REPO_ROOT } from "./local-files";

const SOURCES = [
  "app",
  "pages",
  "components",
  "server",
  "scripts/build-checkout-client.ts",
  "public",
  "next.config.mjs",
  "tailwind.config.ts",
  "postcss.config.mjs",
  "package-lock.json",
  "tsconfig.json",
];

async function newestMtime(target: string): Promise<number> {
  if (!existsSync(target)) return 0;
  const info = await stat(target);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(target)) {
    if (entry === "generated" || entry === "node_modules") continue;
    newest = Math.max(newest, await newestMtime(path.join(target, entry)));
  }
  return newest;
}

export async function needsBuild(): Promise<boolean> {
  const buildId = path.join(REPO_ROOT, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = (await stat(buildId)).mtimeMs;
  for (const source of SOURCES) {
    if ((await newestMtime(path.join(REPO_ROOT, source))) > built) return true;
  }
  return false;
}
