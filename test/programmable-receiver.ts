// A webhook receiver for delivery tests whose behaviour each test scripts: answer with a status, answer
// late, never answer, or not listen at all (connection refused), on a port that stays the same so a
// receiver can go down and come back.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getFreePort } from "../scripts/lib/ports";

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  path: string;
  at: number;
}

/** What the receiver does with a request: answer `status` (after `delayMs`), or hold it open forever. */
export type Behaviour = { status: number; delayMs?: number; body?: string; headers?: Record<string, string> } | "hang";

export interface ProgrammableReceiver {
  url: string;
  port: number;
  received: ReceivedRequest[];
  /** Change what the next requests get. */
  behave(next: Behaviour | ((req: ReceivedRequest) => Behaviour)): void;
  /** Start listening (again) on the same port. */
  up(): Promise<void>;
  /** Stop listening and cut open connections: from now on, connection refused. */
  down(): Promise<void>;
}

/** A receiver on 127.0.0.1 at a fixed free port; starts up unless `listening: false`. */
export async function startProgrammableReceiver(
  opts: { listening?: boolean; path?: string } = {},
): Promise<ProgrammableReceiver> {
  const port = await getFreePort();
  const received: ReceivedRequest[] = [];
  let behaviour: Behaviour | ((req: ReceivedRequest) => Behaviour) = { status: 200 };
  let server: Server | undefined;
  const timers = new Set<NodeJS.Timeout>();

  const handle = (server_: Server): void => {
    server_.on("request", (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const r: ReceivedRequest = {
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          path: req.url ?? "",
          at: Date.now(),
        };
        received.push(r);
        const b = typeof behaviour === "function" ? behaviour(r) : behaviour;
        if (b === "hang") return;
        const answer = () => {
          res.writeHead(b.status, { "content-type": "text/plain", ...b.headers });
          res.end(b.body ?? "ok");
        };
        if (!b.delayMs) return answer();
        const t = setTimeout(() => {
          timers.delete(t);
          if (!res.destroyed) answer();
        }, b.delayMs);
        timers.add(t);
      });
    });
  };

  const receiver: ProgrammableReceiver = {
    url: `http://127.0.0.1:${port}${opts.path ?? "/webhooks"}`,
    port,
    received,
    behave(next) {
      behaviour = next;
    },
    async up() {
      if (server) return;
      const s = createServer();
      handle(s);
      await new Promise<void>((resolve) => s.listen(port, "127.0.0.1", resolve));
      if ((s.address() as AddressInfo).port !== port) throw new Error("receiver port moved");
      server = s;
    },
    async down() {
      const s = server;
      server = undefined;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      if (!s) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
  if (opts.listening !== false) await receiver.up();
  return receiver;
}

/** Receivers a test file starts with `start`, all taken down by `downAll` (call it in `afterEach`). */
export function receiverPool(): {
  start(opts?: { listening?: boolean }): Promise<ProgrammableReceiver>;
  downAll(): Promise<void>;
} {
  const started: ProgrammableReceiver[] = [];
  return {
    async start(opts) {
      const r = await startProgrammableReceiver(opts);
      started.push(r);
      return r;
    },
    async downAll() {
      for (const r of started.splice(0)) await r.down();
    },
  };
}
