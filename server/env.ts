import { z } from "zod";

/**
 * The process environment, parsed once. Nothing else reads `process.env` (scripts that launch
 * processes excepted: they build the environment this file reads).
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().min(1, "DATABASE_URL is required"),
  /** BIP-39 mnemonic of the gateway's HD master seed. */
  PAYRAIL_MASTER_SEED: z.string().min(1).optional(),
  /** Public base URL of the app, used in hosted_url. */
  PAYRAIL_PUBLIC_URL: z.string().url().default("http://localhost:3000"),
  CRON_SECRET: z.string().min(16).optional(),
  RPC_URL_DEVNET: z.string().url().optional(),
  RPC_URL_DEVNET_B: z.string().url().optional(),
  RPC_URL_ETHEREUM: z.string().url().optional(),
  RPC_URL_SEPOLIA: z.string().url().optional(),
  RPC_URL_BASE: z.string().url().optional(),
  RPC_URL_BASE_SEPOLIA: z.string().url().optional(),
  RPC_URL_POLYGON: z.string().url().optional(),
  RPC_URL_ARBITRUM: z.string().url().optional(),
  RPC_URL_OPTIMISM: z.string().url().optional(),
  RPC_URL_BSC: z.string().url().optional(),
  /** Override of the devnets' required confirmations (default 3). */
  DEVNET_CONFIRMATIONS: z.coerce.number().int().min(1).max(1000).optional(),
  /** Milliseconds between worker ticks. */
  WORKER_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** Comma-separated webhook retry delays in seconds after the first attempt (tests shorten them). */
  WEBHOOK_RETRY_SCHEDULE: z.string().regex(/^\d+(,\d+)*$/).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

/** The parsed environment; throws a readable error naming the missing or invalid variables. */
export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}

/** Forget the parsed environment (tests change it between suites). */
export function resetEnvCache(): void {
  cached = undefined;
}
