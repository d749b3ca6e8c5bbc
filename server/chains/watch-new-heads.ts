import WebSocket from "ws";
import { logger } from "../logger";
import { DEFAULT_RECONNECT_BACKOFF, reconnectDelayMs, type ReconnectBackoff } from "./reconnect-delay";
import { redactUrl } from "./redact-url";

/** Observers of a head subscription's life (the worker logs; tests count). */
export interface HeadWatchHooks {
  /** The node accepted `eth_subscribe newHeads` (after the first connection and after every reconnection). */
  onSubscribed?(): void;
  /** The socket failed or closed: reconnection attempt `attempt` (1, 2, ...) runs in `delayMs`. */
  onReconnectScheduled?(attempt: number, delayMs: number): void;
}

export interface HeadWatch {
  /** Close the socket and stop reconnecting. */
  stop(): void;
}

export interface WatchNewHeadsOptions extends HeadWatchHooks {
  /** ws:// or wss:// RPC URL (may hold an API key: only its redacted form is logged). */
  url: string;
  /** Network id, for the logs. */
  networkId: string;
  /** Called with each new head's number as the node announces it (numbers may repeat or go back on a reorg). */
  onHead(number: bigint): void;
  backoff?: ReconnectBackoff;
  /** Longest wait for the WebSocket handshake and for the answer to eth_subscribe (default 10 s). */
  timeoutMs?: number;
  /** Ping interval; a socket that missed the previous pong is dropped and reconnected (default 30 s). */
  heartbeatMs?: number;
}

const SUBSCRIBE_ID = 1;

/**
 * Subscribe to a node's new heads (`eth_subscribe` `newHeads` over WebSocket) and report each head's
 * number. Nothing depends on it for correctness: it only tells the scanner to look now instead of at
 * its next poll. When the socket cannot connect, closes, errs, stops answering pings or the node
 * refuses the subscription, it reconnects after reconnectDelayMs(attempt) (exponential, capped), the
 * attempt count going back to zero once a subscription is active again; logs carry redactUrl(url) only.
 */
export function watchNewHeads(opts: WatchNewHeadsOptions): HeadWatch {
  const backoff = opts.backoff ?? DEFAULT_RECONNECT_BACKOFF;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const heartbeatMs = opts.heartbeatMs ?? 30_000;
  const safeUrl = redactUrl(opts.url);
  // ws error messages name the address they failed on; never let the raw URL through.
  const scrub = (message: string) => message.split(opts.url).join(safeUrl);
  let stopped = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let closeSocket = () => {};

  const connect = () => {
    if (stopped) return;
    const ws = new WebSocket(opts.url, { handshakeTimeout: timeoutMs, maxPayload: 4 * 1024 * 1024 });
    let subscriptionId: string | null = null;
    let answered = true;
    let subscribeTimer: ReturnType<typeof setTimeout> | undefined;
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    let done = false;

    const close = () => {
      if (done) return;
      done = true;
      clearTimeout(subscribeTimer);
      clearInterval(heartbeat);
      ws.removeAllListeners();
      ws.on("error", () => {}); // terminate() before the handshake emits one more
      ws.terminate();
    };
    closeSocket = close;

    const fail = (reason: string) => {
      if (done) return;
      close();
      if (stopped) return;
      attempt++;
      const delayMs = reconnectDelayMs(attempt, backoff);
      logger().warn(
        { network: opts.networkId, url: safeUrl, attempt, delayMs, reason: scrub(reason) },
        "head subscription unavailable: polling meanwhile, reconnecting",
      );
      opts.onReconnectScheduled?.(attempt, delayMs);
      retryTimer = setTimeout(connect, delayMs);
    };

    ws.on("open", () => {
      ws.send(JSON.stringify({ jsonrpc: "2.0", id: SUBSCRIBE_ID, method: "eth_subscribe", params: ["newHeads"] }));
      subscribeTimer = setTimeout(() => fail("no answer to eth_subscribe"), timeoutMs);
      heartbeat = setInterval(() => {
        if (!answered) return fail("no pong to the last ping");
        answered = false;
        ws.ping();
      }, heartbeatMs);
    });
    ws.on("pong", () => {
      answered = true;
    });
    ws.on("message", (data) => {
      let message: {
        id?: unknown;
        result?: unknown;
        error?: { message?: string };
        method?: string;
        params?: { subscription?: unknown; result?: { number?: unknown } };
      };
      try {
        message = JSON.parse(String(data));
      } catch {
        return;
      }
      if (subscriptionId === null && message.id === SUBSCRIBE_ID) {
        clearTimeout(subscribeTimer);
        if (typeof message.result !== "string")
          return fail(`eth_subscribe refused: ${message.error?.message ?? "no subscription id"}`);
        subscriptionId = message.result;
        attempt = 0;
        logger().info({ network: opts.networkId, url: safeUrl }, "head subscription active");
        opts.onSubscribed?.();
        return;
      }
      if (message.method !== "eth_subscription" || message.params?.subscription !== subscriptionId) return;
      const number = message.params?.result?.number;
      if (typeof number === "string" && /^0x[0-9a-f]+$/i.test(number)) opts.onHead(BigInt(number));
    });
    ws.on("error", (error) => fail(error.message));
    ws.on("close", (code) => fail(`socket closed (${code})`));
  };

  connect();
  return {
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      closeSocket();
    },
  };
}
