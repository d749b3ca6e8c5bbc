import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import type { TargetAddress } from "./resolve-webhook-target";

/** What one HTTP attempt gave: the delivery log's row, and whether it counts as delivered. */
export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  latencyMs: number;
  /** The first KB of the response body. */
  responseBody: string | null;
  error: string | null;
}

const RESPONSE_BYTES = 1024;
// Connection-level failures: nothing was sent, so the next address of the host may be tried.
const CONNECT_ERRORS = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL", "EAFNOSUPPORT"]);

// Keep-alive agents reuse connections between deliveries. Requests connect to an IP address (the one
// that was checked), so the agents' pools are keyed by address: a socket opened to an address allowed
// for one request is never handed to a request whose host now resolves elsewhere.
const agentOptions = { keepAlive: true, timeout: 30_000, scheduling: "lifo" as const };
const httpAgent = new http.Agent(agentOptions);
const httpsAgent = new https.Agent(agentOptions);

class DeadlineError extends Error {}

interface RawResponse {
  statusCode: number;
  body: string;
  location: string | undefined;
}

// PostgreSQL text cannot hold NUL, and a receiver's bytes must never break the recording of an attempt.
const clean = (s: string): string => s.replaceAll("\u0000", "");

function requestOnce(
  url: URL,
  target: TargetAddress,
  headers: Record<string, string>,
  body: string,
  deadline: number,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === "https:";
    const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
    const req = (secure ? https : http).request({
      host: target.address,
      family: target.family,
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: "POST",
      agent: secure ? httpsAgent : httpAgent,
      // The certificate is checked against the URL's hostname, not the address connected to.
      servername: secure && !isIP(hostname) ? hostname : undefined,
      auth: url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined,
      headers: { ...headers, host: url.host, "content-length": String(Buffer.byteLength(body)) },
    });
    let settled = false;
    const chunks: Buffer[] = [];
    let size = 0;
    let status: number | undefined;
    let location: string | undefined;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (status !== undefined)
        resolve({
          statusCode: status,
          body: Buffer.concat(chunks).subarray(0, RESPONSE_BYTES).toString("utf8"),
          location,
        });
      else reject(error ?? new Error("no response"));
    };
    // Past the deadline: without a status line it is a timeout; with one, the status stands.
    const timer = setTimeout(
      () => {
        req.destroy(new DeadlineError("deadline"));
        finish(new DeadlineError("deadline"));
      },
      Math.max(0, deadline - performance.now()),
    );
    req.on("error", (error) => {
      // A kept-alive connection the receiver closed while idle fails before anything was read: safe to retry.
      const code = (error as { code?: unknown }).code;
      if (req.reusedSocket && status === undefined && (code === "ECONNRESET" || code === "EPIPE")) {
        (error as { staleSocket?: boolean }).staleSocket = true;
      }
      finish(error);
    });
    req.on("response", (res) => {
      status = res.statusCode ?? 0;
      location = typeof res.headers.location === "string" ? res.headers.location : undefined;
      res.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= RESPONSE_BYTES) {
          // Enough for the log; do not wait for (or keep the connection for) a large body.
          res.destroy();
          finish();
        }
      });
      res.on("end", () => finish());
      res.on("error", () => finish());
      res.on("close", () => finish());
    });
    req.end(body);
  });
}

function describe(error: unknown, target: TargetAddress, url: URL, timeoutMs: number): string {
  if (error instanceof DeadlineError) return `Timed out: no response within ${timeoutMs} ms.`;
  const code = (error as { code?: unknown }).code;
  const where = `${target.family === 6 ? `[${target.address}]` : target.address}:${url.port || (url.protocol === "https:" ? 443 : 80)}`;
  if (code === "ECONNREFUSED") return `Connection refused by ${where}.`;
  if (code === "ECONNRESET") return `Connection reset by ${where}.`;
  const message = error instanceof Error ? error.message : String(error);
  return clean(`Request to ${where} failed: ${typeof code === "string" ? `${code}: ` : ""}${message}`).slice(0, 500);
}

/**
 * POST a signed webhook body to `url`, connecting only to `addresses` (already checked against the
 * SSRF policy; tried in order while the connection itself is refused). A 2xx within `timeoutMs` is
 * success; redirects are not followed, so a 3xx is a failure like any other status. Never throws.
 */
export async function sendWebhook(opts: {
  url: URL;
  addresses: readonly TargetAddress[];
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}): Promise<AttemptOutcome> {
  const started = performance.now();
  const deadline = started + opts.timeoutMs;
  const latency = () => Math.round(performance.now() - started);
  let lastError: string = "No address to connect to.";
  let retriedStale = false;
  for (let i = 0; i < opts.addresses.length; i++) {
    const target = opts.addresses[i]!;
    try {
      const res = await requestOnce(opts.url, target, opts.headers, opts.body, deadline);
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      const redirect = res.statusCode >= 300 && res.statusCode < 400;
      return {
        ok,
        statusCode: res.statusCode,
        latencyMs: latency(),
        responseBody: clean(res.body),
        error: redirect
          ? clean(
              `Redirect not followed (HTTP ${res.statusCode}${res.location ? ` to ${res.location.slice(0, 200)}` : ""}).`,
            )
          : null,
      };
    } catch (error) {
      lastError = describe(error, target, opts.url, opts.timeoutMs);
      if (performance.now() >= deadline) break;
      if ((error as { staleSocket?: boolean }).staleSocket && !retriedStale) {
        retriedStale = true;
        i--; // the same address again, on a new connection
        continue;
      }
      const code = (error as { code?: unknown }).code;
      if (typeof code !== "string" || !CONNECT_ERRORS.has(code)) break;
    }
  }
  return { ok: false, statusCode: null, latencyMs: latency(), responseBody: null, error: lastError };
}
