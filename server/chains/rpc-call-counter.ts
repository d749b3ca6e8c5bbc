/**
 * Counts the JSON-RPC calls an instrumented client sends (each call of a batch counts once) and the
 * HTTP requests that carried them. Used by the benchmark and the tests that hold the scanner to a
 * constant number of calls per poll.
 */
export class RpcCallCounter {
  calls = 0;
  httpRequests = 0;
  readonly byMethod = new Map<string, number>();

  /** Record one HTTP request body as viem sends it: one JSON-RPC call or an array of them. */
  recordBody(body: string): void {
    this.httpRequests++;
    const parsed = JSON.parse(body) as { method?: unknown } | { method?: unknown }[];
    for (const call of Array.isArray(parsed) ? parsed : [parsed]) {
      const method = typeof call.method === "string" ? call.method : "unknown";
      this.calls++;
      this.byMethod.set(method, (this.byMethod.get(method) ?? 0) + 1);
    }
  }

  /** Calls per method, sorted by name, for exact assertions and printing. */
  methods(): Record<string, number> {
    return Object.fromEntries([...this.byMethod.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.calls = 0;
    this.httpRequests = 0;
    this.byMethod.clear();
  }
}
