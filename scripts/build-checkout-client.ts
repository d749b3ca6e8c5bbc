// Builds the hosted payment page's script (components/checkout/client) with esbuild: one small entry
// the page loads, and the wallet code (wagmi + viem) as a chunk of its own that the entry imports only
// when a customer presses "Pay with <wallet>". Output goes to public/_payrail/checkout with content
// hashes in the names (next.config.mjs serves them as immutable); server/generated/checkout-client.json
// tells the page which file to load. `npm run build` runs this before `next build`.
//
//   tsx scripts/build-checkout-client.ts           production build
//   tsx scripts/build-checkout-client.ts --watch   rebuild on change (npm run dev)
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { build, context, type BuildOptions, type Metafile, type Plugin } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "..");
const ENTRY = "components/checkout/client/main.ts";
const OUT_DIR = path.join(ROOT, "public", "_payrail", "checkout");
const PUBLIC_PATH = "/_payrail/checkout";
const CHECKOUT_MANIFEST = path.join(ROOT, "server", "generated", "checkout-client.json");

/**
 * `firstLoad`: the entry (first) and the chunks it imports statically, transitively: what the page
 * loads. `onDemand`: what its dynamic imports (the wallet path) add, each with its static imports.
 */
async function writeManifest(metafile: Metafile): Promise<void> {
  const entryFile = Object.keys(metafile.outputs).find((file) => metafile.outputs[file]!.entryPoint === ENTRY)!;
  const url = (file: string) => `${PUBLIC_PATH}/${path.basename(file)}`;
  const staticClosure = (file: string, into: string[], skip: readonly string[] = []) => {
    if (into.includes(file) || skip.includes(file)) return into;
    into.push(file);
    for (const i of metafile.outputs[file]!.imports)
      if (i.kind === "import-statement") staticClosure(i.path, into, skip);
    return into;
  };
  const firstLoad = staticClosure(entryFile, []);
  const onDemand: string[] = [];
  for (const file of firstLoad) {
    for (const i of metafile.outputs[file]!.imports)
      if (i.kind === "dynamic-import") staticClosure(i.path, onDemand, firstLoad);
  }
  const manifest = { firstLoad: firstLoad.map(url), onDemand: onDemand.map(url) };
  await mkdir(path.dirname(CHECKOUT_MANIFEST), { recursive: true });
  await writeFile(CHECKOUT_MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
}

const manifestPlugin: Plugin = {
  name: "checkout-manifest",
  setup(b) {
    b.onEnd(async (result) => {
      if (result.metafile && result.errors.length === 0) await writeManifest(result.metafile);
    });
  },
};

const watch = process.argv.includes("--watch");
const options: BuildOptions = {
  absWorkingDir: ROOT,
  entryPoints: { checkout: ENTRY },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "browser",
  // Module scripts run in every browser that supports them (Safari 15+, Chrome 89+): nothing older loads the page's script.
  target: ["es2020", "safari15", "chrome89", "firefox89"],
  minify: !watch,
  sourcemap: watch ? "inline" : false,
  legalComments: "none",
  outdir: OUT_DIR,
  entryNames: "[name]-[hash]",
  chunkNames: "[name]-[hash]",
  metafile: true,
  define: { "process.env.NODE_ENV": JSON.stringify(watch ? "development" : "production") },
  logLevel: "warning",
  plugins: [manifestPlugin],
};

await rm(OUT_DIR, { recursive: true, force: true });
if (watch) {
  const ctx = await context(options);
  await ctx.watch();
  console.log(`checkout script: watching ${ENTRY}`);
} else {
  await build(options);
}
