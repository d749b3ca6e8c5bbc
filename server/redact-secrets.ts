import { redactUrl } from "./chains/redact-url";

/** Property names whose values never reach a log or a response, at any depth (compared case-insensitively). */
const SECRET_KEYS = new Set(
  [
    "secret",
    "secrets",
    "key",
    "apikey",
    "api_key",
    "authorization",
    "cookie",
    "cookies",
    "set-cookie",
    "password",
    "passwordhash",
    "password_hash",
    "newpassword",
    "currentpassword",
    "token",
    "accesstoken",
    "refreshtoken",
    "sessiontoken",
    "mnemonic",
    "seed",
    "secretencrypted",
    "secret_encrypted",
    "database_url",
    "nextauth_secret",
    "cron_secret",
    "payrail_master_seed",
  ].map((k) => k.toLowerCase()),
);

/**
 * A URL with a scheme, up to a character that cannot be part of it in text or in JSON (quotes, escapes, spaces),
 * without the punctuation that usually follows a URL in a sentence: `(https://host/…).`
 */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>\\`]*[^\s"'<>\\`).,;:!?\]]/gi;

const CENSOR = "[redacted]";

/**
 * Text fit for a log or an error response: every URL reduced to scheme, host and port (providers put API keys in
 * the path, the query or the userinfo: viem errors carry the RPC URL in their message and details), and every
 * value in `literals` (configured secrets such as NEXTAUTH_SECRET and CRON_SECRET) replaced by `[redacted]`.
 */
export function redactText(text: string, literals: readonly string[] = []): string {
  let out = text.replace(URL_IN_TEXT, (url) => redactUrl(url));
  for (const literal of literals) if (literal.length >= 8) out = out.split(literal).join(CENSOR);
  return out;
}

/**
 * A copy of `value` fit for a log: properties named like secrets (password, cookie, authorization, DATABASE_URL,
 * …) replaced at any depth, strings passed through redactText, errors turned into plain objects (type, message,
 * stack, their own fields and their cause) treated the same way. Cycles and depth beyond 12 are cut.
 */
export function redactValue(
  value: unknown,
  literals: readonly string[] = [],
  depth = 0,
  seen = new WeakSet<object>(),
): unknown {
  if (typeof value === "string") return redactText(value, literals);
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[circular]";
  if (depth > 12) return "[too deep]";
  seen.add(value);
  const walk = (v: unknown) => redactValue(v, literals, depth + 1, seen);
  if (Array.isArray(value)) return value.map(walk);
  if (value instanceof Date) return value;
  const source: Record<string, unknown> =
    value instanceof Error
      ? {
          ...value,
          type: value.constructor.name,
          message: value.message,
          stack: value.stack,
          ...(value.cause !== undefined ? { cause: value.cause } : {}),
        }
      : (value as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(source)) {
    if (typeof v === "function") continue;
    out[k] = SECRET_KEYS.has(k.toLowerCase()) && v !== undefined && v !== null ? CENSOR : walk(v);
  }
  return out;
}
