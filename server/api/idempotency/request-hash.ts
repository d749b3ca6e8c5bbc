import { createHash } from "node:crypto";

/** JSON with object keys sorted at every level, so that key order and whitespace do not make two bodies differ. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 (hex) of a request body: of its canonical JSON when it parses as JSON, else of its raw text. */
export function requestBodyHash(body: string): string {
  let canonical: string;
  try {
    canonical = `json:${canonicalJson(JSON.parse(body))}`;
  } catch {
    canonical = `raw:${body}`;
  }
  return createHash("sha256").update(canonical).digest("hex");
}
