// Prints the JavaScript of the hosted payment page (`/pay/[id]`) from the build: what the first load
// fetches (the page's own script and the chunks it imports statically; Next.js ships none on this
// page, see pages/pay/[id].tsx) and what the one-click wallet path loads on demand, each gzip-compressed.
// e2e/checkout/first-load.spec.ts measures the same thing in a real browser and enforces the budget.
//
//   npm run build && npx tsx scripts/measure-checkout-js.ts [--budget 120]
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const ROOT = path.resolve(import.meta.dirname, "..");
const budgetArg = process.argv.indexOf("--budget");
const budgetKb = budgetArg > 0 ? Number(process.argv[budgetArg + 1]) : 120;

const manifest = JSON.parse(readFileSync(path.join(ROOT, "server", "generated", "checkout-client.json"), "utf8")) as {
  firstLoad: string[];
  onDemand: string[];
};
const file = (url: string) => path.join(ROOT, "public", url);
const gzipBytes = (url: string) => gzipSync(readFileSync(file(url)), { level: 9 }).length;
const kb = (bytes: number) => (bytes / 1000).toFixed(1);

let first = 0;
for (const url of manifest.firstLoad) {
  const size = gzipBytes(url);
  first += size;
  console.log(`${kb(size).padStart(7)} kB  first load   ${url}`);
}
let onDemand = 0;
for (const url of manifest.onDemand) {
  const size = gzipBytes(url);
  onDemand += size;
  console.log(`${kb(size).padStart(7)} kB  wallet path  ${url}`);
}
console.log("-------");
console.log(
  `${kb(first).padStart(7)} kB  first-load JS of /pay/[id], gzip (budget ${budgetKb} kB: ${first <= budgetKb * 1000 ? "within" : "OVER"})`,
);
console.log(`${kb(onDemand).padStart(7)} kB  more when the customer presses "Pay with <wallet>" (wagmi + viem)`);
if (first > budgetKb * 1000) process.exitCode = 1;
