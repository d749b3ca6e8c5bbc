// Prints the first-load JavaScript of the hosted payment page (`/pay/[id]`) from the production build
// in `.next/`: the scripts every App Router page loads (build-manifest rootMainFiles) plus the chunks
// of the route's segments (its client-reference manifest's entryJSFiles), each gzip-compressed as
// `next start` serves it. Slightly conservative: it counts the not-found segment's chunk, which the
// browser fetches only for an unknown id. Also checks that no wallet code (wagmi, viem) is among them and names the
// chunk the one-click path loads on demand.
//
//   npx next build && npx tsx scripts/measure-checkout-js.ts [--budget 120]
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { gzipSync } from "node:zlib";

const NEXT_DIR = path.resolve(import.meta.dirname, "..", ".next");
const ROUTE = "/(checkout)/pay/[id]/page";
const budgetArg = process.argv.indexOf("--budget");
const budgetKb = budgetArg > 0 ? Number(process.argv[budgetArg + 1]) : 120;

interface BuildManifest {
  rootMainFiles: string[];
  polyfillFiles: string[];
}

/** The route's entry chunks by segment ("[project]/app/layout", ".../pay/[id]/page"...). */
function routeEntryFiles(): Record<string, string[]> {
  const file = path.join(NEXT_DIR, "server", "app", "(checkout)", "pay", "[id]", "page_client-reference-manifest.js");
  const sandbox: { globalThis?: unknown; __RSC_MANIFEST?: Record<string, { entryJSFiles: Record<string, string[]> }> } = {};
  sandbox.globalThis = sandbox;
  vm.runInNewContext(readFileSync(file, "utf8"), sandbox);
  const manifest = sandbox.__RSC_MANIFEST?.[ROUTE];
  if (!manifest) throw new Error(`${file} has no manifest for ${ROUTE}`);
  return manifest.entryJSFiles;
}

const gzipBytes = (file: string) => gzipSync(readFileSync(path.join(NEXT_DIR, file))).length;
const kb = (bytes: number) => (bytes / 1000).toFixed(1);
const WALLET_SIGNATURES = ["@wagmi/core@", "viem@", "Mock Connector"];
const hasWalletCode = (file: string) => {
  const text = readFileSync(path.join(NEXT_DIR, file), "utf8");
  return WALLET_SIGNATURES.some((s) => text.includes(s));
};

const build = JSON.parse(readFileSync(path.join(NEXT_DIR, "build-manifest.json"), "utf8")) as BuildManifest;
const entries = routeEntryFiles();
// The root layout's chunks (Next's client components and whatever the layout imports) load on every page too.
const framework = [...new Set([...build.rootMainFiles, ...(entries["[project]/app/layout"] ?? [])])];
const page = [...new Set(Object.values(entries).flat())].filter((f) => !framework.includes(f));

let total = 0;
const rows: [string, string, number][] = [];
for (const [group, files] of [["every page", framework], ["/pay/[id] segments", page]] as const) {
  for (const f of files) {
    const size = gzipBytes(f);
    total += size;
    rows.push([group, f, size]);
  }
}
const frameworkTotal = rows.filter((r) => r[0] === "every page").reduce((a, r) => a + r[2], 0);
const wallet = [...framework, ...page].filter(hasWalletCode);

const chunkDir = path.join(NEXT_DIR, "static", "chunks");
const walletChunks = readdirSync(chunkDir)
  .filter((f) => f.endsWith(".js"))
  .map((f) => `static/chunks/${f}`)
  .filter((f) => !framework.includes(f) && !page.includes(f) && hasWalletCode(f));

for (const [group, f, size] of rows) console.log(`${kb(size).padStart(7)} kB  ${group.padEnd(24)} ${f}`);
console.log(`${"-".repeat(7)}`);
console.log(`${kb(frameworkTotal).padStart(7)} kB  loaded by every page (Next.js, React, the root layout)`);
console.log(`${kb(total - frameworkTotal).padStart(7)} kB  the payment page's own segments (layout, page, its not-found)`);
console.log(`${kb(total).padStart(7)} kB  first-load JS of /pay/[id], gzip (budget ${budgetKb} kB: ${total <= budgetKb * 1000 ? "within" : "OVER"})`);
console.log(`(not counted: ${build.polyfillFiles.length} nomodule polyfill file(s), which modern browsers skip)`);
console.log(wallet.length ? `WALLET CODE IN FIRST LOAD: ${wallet.join(", ")}` : "no wallet code (wagmi/viem) in the first load");
for (const f of walletChunks) console.log(`${kb(gzipBytes(f)).padStart(7)} kB  loaded on demand by the one-click wallet path: ${f}`);
