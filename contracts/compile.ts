/**
 * Compiles the project's own Solidity contracts (contracts/*.sol) with solc-js, caching the output
 * under .data/cache/ so that restarts don't pay the compile time again.
 * Run directly (`tsx contracts/compile.ts`) to compile and print a summary.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Abi, Hex } from "viem";

/** ABI and creation bytecode of one compiled contract. */
export interface CompiledContract {
  abi: Abi;
  bytecode: Hex;
}

/** Every contract the project deploys, by contract name. */
export interface CompiledContracts {
  TestToken: CompiledContract;
  TestTetherToken: CompiledContract;
  DevnetPriceFeed: CompiledContract;
  PayrailSweeper: CompiledContract;
  PayrailBatchExecutor: CompiledContract;
}

interface SolcMessage {
  severity: "error" | "warning" | "info";
  formattedMessage: string;
}

interface SolcOutput {
  errors?: SolcMessage[];
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
}

interface CacheFile {
  solcVersion: string;
  contracts: Record<string, CompiledContract>;
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CONTRACTS_DIR = join(REPO_ROOT, "contracts");
const NODE_MODULES = join(REPO_ROOT, "node_modules");
const require = createRequire(import.meta.url);
// solc-js's package version is the compiler version; reading it avoids loading the ~260 ms compiler on a cache hit.
const solcVersion = (require("solc/package.json") as { version: string }).version;

/** Loads solc-js only when something must be compiled (its types are `any`: pin down the one call used). */
function loadSolc(): Solc {
  return require("solc") as Solc;
}

type ImportResult = { contents: string } | { error: string };
type Solc = { compile(input: string, callbacks: { import: (path: string) => ImportResult }): string };

/** Resolves `@openzeppelin/...` (and other package) imports from node_modules. */
function findImport(path: string): ImportResult {
  // Only package imports reach here: project sources are all passed in up front.
  if (!path.startsWith("@") || path.includes("..")) return { error: `Import not allowed: ${path}` };
  try {
    return { contents: readFileSync(join(NODE_MODULES, path), "utf8") };
  } catch {
    return { error: `File not found in node_modules: ${path}` };
  }
}

function readSources(): Record<string, { content: string }> {
  const files = readdirSync(CONTRACTS_DIR)
    .filter((f) => f.endsWith(".sol"))
    .sort();
  return Object.fromEntries(
    files.map((f) => [`contracts/${f}`, { content: readFileSync(join(CONTRACTS_DIR, f), "utf8") }]),
  );
}

function cacheKey(sources: Record<string, { content: string }>): string {
  // The OpenZeppelin version is part of the input too: imported sources change with it.
  const ozVersion = (require("@openzeppelin/contracts/package.json") as { version: string }).version;
  const hash = createHash("sha256").update(`solc ${solcVersion}\noz ${ozVersion}\n`);
  for (const [name, { content }] of Object.entries(sources)) hash.update(`${name}\n${content.length}\n${content}`);
  return hash.digest("hex");
}

function runSolc(sources: Record<string, { content: string }>): Record<string, CompiledContract> {
  const input = {
    language: "Solidity",
    sources,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
    },
  };
  const output = JSON.parse(loadSolc().compile(JSON.stringify(input), { import: findImport })) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) {
    throw new Error(
      `Solidity compilation failed (solc ${solcVersion}):\n${errors.map((e) => e.formattedMessage).join("\n")}`,
    );
  }
  const contracts: Record<string, CompiledContract> = {};
  for (const [file, byName] of Object.entries(output.contracts ?? {})) {
    // Only the project's own contracts: library sources are compiled but not deployed on their own.
    if (!file.startsWith("contracts/")) continue;
    for (const [name, c] of Object.entries(byName)) {
      if (c.evm.bytecode.object === "") continue; // interfaces and abstract contracts
      contracts[name] = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
    }
  }
  return contracts;
}

function toCompiled(contracts: Record<string, CompiledContract>): CompiledContracts {
  const { TestToken, TestTetherToken, DevnetPriceFeed, PayrailSweeper, PayrailBatchExecutor } = contracts;
  if (!TestToken) throw new Error("Compiled output has no TestToken contract");
  if (!TestTetherToken) throw new Error("Compiled output has no TestTetherToken contract");
  if (!DevnetPriceFeed) throw new Error("Compiled output has no DevnetPriceFeed contract");
  if (!PayrailSweeper) throw new Error("Compiled output has no PayrailSweeper contract");
  if (!PayrailBatchExecutor) throw new Error("Compiled output has no PayrailBatchExecutor contract");
  return { TestToken, TestTetherToken, DevnetPriceFeed, PayrailSweeper, PayrailBatchExecutor };
}

function compileWithInfo(): { contracts: Record<string, CompiledContract>; cachePath: string; fromCache: boolean } {
  const sources = readSources();
  const cachePath = join(REPO_ROOT, ".data", "cache", `contracts-${cacheKey(sources)}.json`);
  try {
    const cached = JSON.parse(readFileSync(cachePath, "utf8")) as CacheFile;
    if (cached.solcVersion === solcVersion && cached.contracts.TestToken) {
      return { contracts: cached.contracts, cachePath, fromCache: true };
    }
  } catch {
    // Missing or unreadable cache: compile below.
  }
  const contracts = runSolc(sources);
  mkdirSync(dirname(cachePath), { recursive: true });
  // Write then rename, so that a concurrent start never reads a half-written file.
  const tmp = `${cachePath}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ solcVersion, contracts } satisfies CacheFile));
  renameSync(tmp, cachePath);
  return { contracts, cachePath, fromCache: false };
}

/** Returns the compiled project contracts, from the .data/cache/ cache when the sources are unchanged. */
export function compileContracts(): CompiledContracts {
  return toCompiled(compileWithInfo().contracts);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const started = performance.now();
  const { contracts, cachePath, fromCache } = compileWithInfo();
  const ms = Math.round(performance.now() - started);
  console.log(`solc ${solcVersion}: ${fromCache ? "loaded from cache" : "compiled"} in ${ms} ms -> ${cachePath}`);
  for (const [name, c] of Object.entries(contracts)) {
    console.log(`  ${name}: ${(c.bytecode.length - 2) / 2} bytes of creation code, ${c.abi.length} ABI entries`);
  }
}
