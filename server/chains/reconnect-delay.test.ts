import { describe, expect, it } from "vitest";
import { DEFAULT_RECONNECT_BACKOFF, reconnectDelayMs } from "./reconnect-delay";
import { redactUrl } from "./redact-url";

describe("reconnectDelayMs", () => {
  it("doubles from 500 ms and stays at the 30 s cap", () => {
    expect(Array.from({ length: 9 }, (_, i) => reconnectDelayMs(i + 1))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
    expect(reconnectDelayMs(1_000)).toBe(30_000);
    expect(DEFAULT_RECONNECT_BACKOFF).toEqual({ baseMs: 500, maxMs: 30_000 });
  });

  it("follows a given base and cap", () => {
    expect([1, 2, 3, 4, 5].map((n) => reconnectDelayMs(n, { baseMs: 20, maxMs: 100 }))).toEqual([20, 40, 80, 100, 100]);
  });

  it("refuses attempts that are not positive integers", () => {
    expect(() => reconnectDelayMs(0)).toThrow("reconnect attempt must be a positive integer, got 0");
    expect(() => reconnectDelayMs(1.5)).toThrow(RangeError);
  });
});

describe("redactUrl", () => {
  it("keeps scheme, host and port, and hides userinfo, path and query", () => {
    expect(redactUrl("wss://eth-mainnet.g.alchemy.com/v2/abcdef0123456789")).toBe(
      "wss://eth-mainnet.g.alchemy.com/***",
    );
    expect(redactUrl("wss://user:secret@node.example:8546/?apikey=abc")).toBe("wss://***@node.example:8546?***");
    expect(redactUrl("ws://127.0.0.1:8545")).toBe("ws://127.0.0.1:8545");
    expect(redactUrl("not a url with a key")).toBe("[unparseable url]");
  });
});
