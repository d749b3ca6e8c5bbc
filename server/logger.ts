import pino from "pino";
import { env } from "./env";

let instance: pino.Logger | undefined;

/**
 * The process logger. Paths that could hold secrets are redacted, so that a seed, API key or
 * webhook secret never reaches a log even when an object carrying one is logged by mistake.
 */
export function logger(): pino.Logger {
  instance ??= pino({
    level: env().LOG_LEVEL,
    redact: {
      paths: ["secret", "*.secret", "key", "*.key", "authorization", "*.authorization", "headers.authorization", "PAYRAIL_MASTER_SEED", "*.PAYRAIL_MASTER_SEED", "mnemonic", "*.mnemonic", "secretEncrypted", "*.secretEncrypted"],
      censor: "[redacted]",
    },
  });
  return instance;
}
