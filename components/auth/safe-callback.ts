// Any origin of our own serves as the base: only the path of a same-origin result is ever returned.
const BASE = "https://payrail.invalid";

/**
 * Where to go after sign-in: `url` only when it is a path on this site, else `fallback` (no open redirect
 * through `callbackUrl`). The value is parsed the way a browser parses it, against an origin, so that what is
 * checked is what the browser follows: browsers drop tabs and newlines and read `\` as `/`, which turns
 * `/\t/evil.example` or `/\evil.example` into the host `evil.example`. The result is the parsed path, query
 * and fragment, and its path starts with exactly one `/`.
 */
export function safeCallback(url: string | undefined, fallback = "/dashboard"): string {
  if (!url || !url.startsWith("/")) return fallback;
  let parsed: URL;
  try {
    parsed = new URL(url, BASE);
  } catch {
    return fallback;
  }
  if (parsed.origin !== BASE || !parsed.pathname.startsWith("/") || parsed.pathname.startsWith("//")) return fallback;
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
}
