import { z } from "zod";
import { confirmationsEnvKey, NETWORK_CATALOG, rpcEnvKey, wsEnvKey } from "./chains/catalog";

/**
 * The process environment, parsed once. Nothing else reads `process.env` (scripts that launch
 * processes excepted: they build the environment this file reads).
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().min(1, "DATABASE_URL is required"),
  /** BIP-39 mnemonic of the gateway's HD master seed. */
  PAYRAIL_MASTER_SEED: z.string().min(1).optional(),
  /** Key of the secrets encrypted at rest (`payrail keys data-key` prints it from the seed): the web process's instead of the seed. */
  PAYRAIL_DATA_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, "PAYRAIL_DATA_KEY must be 32 bytes as base64url (payrail keys data-key prints it)")
    .optional(),
  /** Public base URL of the app, used in hosted_url. */
  PAYRAIL_PUBLIC_URL: z.string().url().default("http://localhost:3000"),
  CRON_SECRET: z.string().min(16).optional(),
  /** Override of the devnets' required confirmations (default 3). */
  DEVNET_CONFIRMATIONS: z.coerce.number().int().min(1).max(1000).optional(),
  /** Milliseconds between worker ticks. */
  WORKER_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** Comma-separated webhook retry delays in seconds after the first attempt (tests shorten them). */
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .regex(/^\d+(,\d+)*$/)
    .optional(),
  /** Milliseconds a webhook receiver has to answer with a 2xx (default 15 s; tests shorten it). */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(15_000),
  /** Stablecoins priced at a peg in USD for fiat invoices: `SYMBOL=decimal` pairs. */
  PRICE_STABLECOIN_PEGS: z
    .string()
    .regex(/^[A-Za-z0-9]+=\d+(\.\d+)?(,[A-Za-z0-9]+=\d+(\.\d+)?)*$/)
    .default("USDC=1,USDT=1"),
  /** Oldest acceptable price-feed answer in seconds, for every feed (default: each feed's own, see the catalog). */
  PRICE_FEED_MAX_AGE_SECONDS: z.coerce.number().int().min(1).optional(),
  /** Signs and encrypts dashboard sessions (next-auth); at least 32 characters. Required by the dashboard, not by the worker. */
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters").optional(),
  /** The dashboard's public URL for next-auth's redirects and cookies (default PAYRAIL_PUBLIC_URL). */
  NEXTAUTH_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Largest request body in bytes the public API reads (default 64 kB); a larger one is a 413 `payload_too_large`. */
  API_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(64 * 1024),
  /** Largest request body in bytes of the dashboard's routes (tRPC, sign-in; default 256 kB). */
  DASHBOARD_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(256 * 1024),
  /** Requests per API key per minute (default 600); past it a 429 `rate_limited` with `Retry-After`. */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** Merchants one user may own (default 10); past it a 409 `merchant_limit_reached`. */
  MAX_MERCHANTS_PER_USER: z.coerce.number().int().min(1).max(100_000).default(10),
  /** Open invoices (created, pending, partially paid) per merchant and mode (default 10,000); 409 `open_invoice_limit_reached`. */
  MAX_OPEN_INVOICES_PER_MERCHANT: z.coerce.number().int().min(1).max(10_000_000).default(10_000),
  /** Webhook endpoints per merchant and mode (default 20); past it a 409 `webhook_endpoint_limit_reached`. */
  MAX_WEBHOOK_ENDPOINTS_PER_MERCHANT: z.coerce.number().int().min(1).max(10_000).default(20),
  /**
   * `1` lets test-mode webhook endpoints target loopback and private networks (local development; `npm start`
   * sets it for its embedded stack). Off in production: anyone who signs up could probe the operator's network.
   */
  PAYRAIL_ALLOW_PRIVATE_WEBHOOKS: z.enum(["0", "1"]).default("0"),
  /**
   * `1` writes email verification links to the log (there is no mailer). Default: on outside production, off in
   * production (`npm start` sets it for local use): whoever reads the log could verify any address.
   */
  PAYRAIL_LOG_EMAIL_LINKS: z.enum(["0", "1"]).optional(),
  /**
   * Reverse proxies in front of the app that append to `X-Forwarded-For` (default 0: clients connect directly,
   * and the socket address identifies them). Rate limits per client depend on it being right.
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** `1` serves the benchmark-only routes under /api/bench (npm run bench:api); anything else, they 404. */
  PAYRAIL_BENCH_ROUTES: z.enum(["0", "1"]).default("0"),
  /** Tests only (ignored in production): the worker's sender kills itself with SIGKILL at this point (server/sender/crash-point.ts). */
  PAYRAIL_TEST_CRASH_AT: z.enum(["after_commit", "after_broadcast"]).optional(),
});

/** A WebSocket URL for head subscriptions, or `off` (polling only). */
const wsUrl = z.union([
  z.literal("off"),
  z
    .string()
    .url()
    .refine((url) => /^wss?:\/\//i.test(url), "must be a ws:// or wss:// URL, or off"),
]);

/** A loopback host: a node on this machine is reached without crossing a network. */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * An RPC URL of a live-mode network must be https (wss for subscriptions), or reach a node on this machine:
 * in plain http a provider's key and every answer (balances, logs: what credits payments) travel unprotected.
 */
function encryptedOrLoopback(url: string, secureScheme: "https:" | "wss:"): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === secureScheme || LOOPBACK.test(parsed.hostname);
  } catch {
    return false;
  }
}

const liveRpcUrl = z
  .string()
  .url()
  .refine((url) => encryptedOrLoopback(url, "https:"), "a live-mode network needs an https:// RPC URL");
const liveWsUrl = z.union([
  z.literal("off"),
  z
    .string()
    .url()
    .refine((url) => encryptedOrLoopback(url, "wss:"), "a live-mode network needs a wss:// URL, or off"),
]);

/**
 * Per network of the catalog: `RPC_URL_<NETWORK>` (the network is on when it is set; https/wss for live-mode networks),
 * `RPC_WS_URL_<NETWORK>` (head subscription; see networks.ts for the devnets' default) and
 * `CONFIRMATIONS_<NETWORK>` (required confirmations, over the catalog default and DEVNET_CONFIRMATIONS).
 */
const withNetworks = schema.extend(
  Object.fromEntries(
    NETWORK_CATALOG.flatMap((network) => [
      [rpcEnvKey(network.id), (network.livemode ? liveRpcUrl : z.string().url()).optional()],
      [wsEnvKey(network.id), (network.livemode ? liveWsUrl : wsUrl).optional()],
      [confirmationsEnvKey(network.id), z.coerce.number().int().min(1).max(1000).optional()],
    ]),
  ),
);

export type Env = z.infer<typeof schema> & {
  [key: `RPC_URL_${string}`]: string | undefined;
  [key: `RPC_WS_URL_${string}`]: string | undefined;
  [key: `CONFIRMATIONS_${string}`]: number | undefined;
};

let cached: Env | undefined;

/** The parsed environment; throws a readable error naming the missing or invalid variables. */
export function env(): Env {
  if (cached) return cached;
  const parsed = withNetworks.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  cached = parsed.data as Env;
  return cached;
}

/** Forget the parsed environment (tests change it between suites). */
export function resetEnvCache(): void {
  cached = undefined;
}

/** Set NEXTAUTH_URL for next-auth, which reads it from the process environment itself, unless the operator set it. */
export function provideNextAuthUrl(url: string): void {
  process.env.NEXTAUTH_URL ??= url;
}
