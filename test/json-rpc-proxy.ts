// A real HTTP JSON-RPC server in front of a devnet that behaves like a capped or lagging provider: it
// refuses eth_getLogs over more than `maxLogRange` blocks with the error a provider sends, answers
// "latest" with block `pinnedHead` when set (a node behind the others), and forwards everything else
// (single calls and batches) to the node. It records every call it sees.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

interface Call {
  jsonrpc: "2.0";
  id: number | string;
  method: string;
  params?: unknown[];
}

export interface ProviderCapError {
  code: number;
  message: string;
}

export async function startCappedRpcProxy(opts: {
  upstream: string;
  maxLogRange: number;
  error: ProviderCapError;
  pinnedHead?: bigint;
}) {
  const calls: { method: string; params: unknown[] }[] = [];
  const refuse = (call: Call): boolean => {
    if (call.method !== "eth_getLogs") return false;
    const filter = (call.params?.[0] ?? {}) as { fromBlock?: string; toBlock?: string };
    if (!filter.fromBlock?.startsWith("0x") || !filter.toBlock?.startsWith("0x")) return false;
    return Number(BigInt(filter.toBlock) - BigInt(filter.fromBlock)) + 1 > opts.maxLogRange;
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Call | Call[];
      const batch = Array.isArray(body) ? body : [body];
      for (const c of batch) calls.push({ method: c.method, params: c.params ?? [] });
      const forwarded = batch
        .filter((c) => !refuse(c))
        .map((c) =>
          opts.pinnedHead !== undefined && c.method === "eth_getBlockByNumber" && c.params?.[0] === "latest"
            ? { ...c, params: [`0x${opts.pinnedHead.toString(16)}`, ...c.params.slice(1)] }
            : c,
        );
      const answers = new Map<Call["id"], unknown>();
      if (forwarded.length > 0) {
        const upstream = await fetch(opts.upstream, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(forwarded),
        });
        for (const a of (await upstream.json()) as { id: Call["id"] }[]) answers.set(a.id, a);
      }
      const out = batch.map((c) => answers.get(c.id) ?? { jsonrpc: "2.0", id: c.id, error: opts.error });
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(Array.isArray(body) ? out : out[0]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    /** The block ranges of the eth_getLogs calls seen, in order, refused ones included. */
    logRanges: () =>
      calls
        .filter((c) => c.method === "eth_getLogs")
        .map((c) => {
          const f = c.params[0] as { fromBlock: string; toBlock: string };
          return Number(BigInt(f.toBlock) - BigInt(f.fromBlock)) + 1;
        }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
