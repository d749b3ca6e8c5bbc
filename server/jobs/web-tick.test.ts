// The web process holds no signing key: no module the cron route loads, directly or through any chain of imports,
// may derive platform keys or send (ESLint sees direct imports only; this follows them all). master-seed.ts itself is
// reachable through secret-box.ts, which falls back to the seed only where PAYRAIL_DATA_KEY is unset (the worker).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FORBIDDEN = [
  "server/wallets/platform-keys.ts",
  "server/wallets/fill-hd-account-pool.ts",
  "server/jobs/tick.ts",
  "server/sender/run-sender.ts",
  "server/sender/process-lane.ts",
];

function resolve(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("@/")) base = path.join(ROOT, spec.slice(2));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(from), spec);
  else return null; // a package
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")])
    if (existsSync(candidate) && candidate.match(/\.tsx?$/)) return candidate;
  return null;
}

/** Every project module `entry` loads at run time (type-only imports are erased), with the chain that reached it. */
function runtimeImports(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    const source = readFileSync(file, "utf8");
    const specs = [
      ...source.matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^"';]*?\s+from\s+)?["']([^"']+)["']/gm),
      ...source.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g),
    ].map((m) => m[1]!);
    for (const spec of specs) {
      const target = resolve(file, spec);
      if (target && !seen.has(target)) {
        seen.set(target, [...seen.get(file)!, target]);
        queue.push(target);
      }
    }
  }
  return seen;
}

describe("the cron route's imports", () => {
  it("never reach the platform keys, the sender or the worker's tick", () => {
    const loaded = runtimeImports(path.join(ROOT, "app/api/cron/tick/route.ts"));
    expect(loaded.size).toBeGreaterThan(20); // it does follow the imports (db, chains, webhooks...)
    expect([...loaded.keys()].some((f) => f.endsWith("server/jobs/web-tick.ts"))).toBe(true);
    const reached = [...loaded.entries()]
      .filter(([file]) => FORBIDDEN.some((f) => file.endsWith(f)) || file.includes(`${path.sep}sender${path.sep}`))
      .map(([, chain]) => chain.map((f) => path.relative(ROOT, f)).join(" → "));
    expect(reached).toEqual([]);
  });

  it("the worker's tick does reach them (the check would see it)", () => {
    const loaded = [...runtimeImports(path.join(ROOT, "server/jobs/tick.ts")).keys()];
    expect(loaded.some((f) => f.endsWith("server/wallets/platform-keys.ts"))).toBe(true);
    expect(loaded.some((f) => f.endsWith("server/sender/run-sender.ts"))).toBe(true);
  });
});
