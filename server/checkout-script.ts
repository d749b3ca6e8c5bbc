import { readFileSync } from "node:fs";
import path from "node:path";

interface CheckoutManifest {
  /** The entry script first, then the chunks it imports. */
  firstLoad: string[];
  onDemand: string[];
}

let cached: CheckoutManifest | undefined;

/**
 * The hosted page's script, as scripts/build-checkout-client.ts wrote it (`npm run build`). Read once
 * in production; on every request in development, where the watcher rebuilds it.
 */
export function checkoutManifest(): CheckoutManifest {
  if (cached) return cached;
  const file = path.join(process.cwd(), "server", "generated", "checkout-client.json");
  let manifest: CheckoutManifest;
  try {
    manifest = JSON.parse(readFileSync(file, "utf8")) as CheckoutManifest;
  } catch (error) {
    throw new Error(`The hosted page's script is not built (${file}): run \`npm run build\``, { cause: error });
  }
  if (process.env.NODE_ENV === "production") cached = manifest;
  return manifest;
}
