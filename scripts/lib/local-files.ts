/**
 * The embedded defaults' data folder (`.data/`, git-ignored) and the secrets generated into it once:
 * the HD master seed, the cron secret and the demo API key. Files are created with mode 0600.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEVNETS, type DevnetId } from "../../server/chains/catalog";
import { generateMasterMnemonic } from "../../server/wallets/master-seed";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const DATA_DIR = path.join(REPO_ROOT, ".data");
export const DEFAULT_POSTGRES_PORT = 54329;

/** Where `npm start` runs a devnet unless its RPC URL is set: anvil's usual 8545, then the next ports in catalog order. */
export function defaultDevnetPort(id: DevnetId): number {
  return 8545 + DEVNETS.findIndex((devnet) => devnet.id === id);
}

async function readOrCreate(name: string, create: () => string): Promise<string> {
  const file = path.join(DATA_DIR, name);
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  await mkdir(DATA_DIR, { recursive: true, mode: 0o755 });
  const value = create();
  await writeFile(file, `${value}\n`, { mode: 0o600 });
  return value;
}

/** The gateway's master seed for the embedded default, generated on first use. */
export function localMasterSeed(): Promise<string> {
  return readOrCreate("master-seed", generateMasterMnemonic);
}

/** The cron route's bearer secret for the embedded default. */
export function localCronSecret(): Promise<string> {
  return readOrCreate("cron-secret", () => randomBytes(24).toString("base64url"));
}

/** The dashboard's session secret (NEXTAUTH_SECRET) for the embedded default. */
export function localAuthSecret(): Promise<string> {
  return readOrCreate("auth-secret", () => randomBytes(32).toString("base64url"));
}

/** The demo API key saved by a previous start, if any. */
export async function readDemoApiKey(): Promise<string | null> {
  const file = path.join(DATA_DIR, "demo-api-key");
  return existsSync(file) ? (await readFile(file, "utf8")).trim() : null;
}

/** Remember the demo API key so that the next start prints the same one. */
export async function saveDemoApiKey(key: string): Promise<void> {
  await mkdir(DATA_DIR, { recursive: true });
  await writeFile(path.join(DATA_DIR, "demo-api-key"), `${key}\n`, { mode: 0o600 });
}
