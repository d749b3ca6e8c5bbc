import pino from "pino";
import { env, type Env } from "./env";
import { redactText, redactValue } from "./redact-secrets";

let instance: pino.Logger | undefined;

/** The configured secrets whose values must never appear in a log, whatever carries them. */
function secretValues(config: Env): string[] {
  return [
    config.NEXTAUTH_SECRET,
    config.CRON_SECRET,
    config.PAYRAIL_MASTER_SEED,
    config.PAYRAIL_DATA_KEY,
    config.DATABASE_URL,
  ].filter((v): v is string => typeof v === "string" && v.length > 0);
}

/**
 * A logger that keeps secrets out of what it writes: properties named like secrets (seeds, keys, webhook
 * secrets, passwords, cookies, authorization, DATABASE_URL…) are redacted at any depth, errors are serialised
 * with their URLs reduced to scheme and host (viem errors carry the RPC URL, with a provider's key, in their
 * message), and as a last step every written line has its URLs and the configured secrets' values redacted.
 */
export function createLogger(opts: {
  level: string;
  secrets: readonly string[];
  destination?: pino.DestinationStream;
}): pino.Logger {
  return pino(
    {
      level: opts.level,
      formatters: { log: (object) => redactValue(object, opts.secrets) as Record<string, unknown> },
      hooks: { streamWrite: (line) => redactText(line, opts.secrets) },
    },
    opts.destination,
  );
}

/** The process logger (see createLogger). */
export function logger(): pino.Logger {
  if (!instance) {
    const config = env();
    instance = createLogger({ level: config.LOG_LEVEL, secrets: secretValues(config) });
  }
  return instance;
}
