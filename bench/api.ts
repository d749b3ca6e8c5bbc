// npm run bench:api: API throughput against a bare route, on the production build.
//
// Starts the stack the e2e specs use (e2e/global-setup.ts: a throwaway PostgreSQL and devnets, the
// built app under `next start`, the worker), with PAYRAIL_BENCH_ROUTES=1 so that the bare route
// POST /api/bench/json (parses JSON, answers JSON, nothing else) is served. Builds first when the
// build is missing or older than the sources. Then, with autocannon at 1, 4 and 20 connections for
// BENCH_SECONDS (default 10) each: the bare route, POST /api/v1/invoices (every request creates an
// invoice), GET /api/v1/invoices/{id} and the hosted page GET /pay/{id}. Prints req/s, p50, p99,
// errors (socket errors, timeouts and non-2xx answers) and the ratio to the bare route at the same
// number of connections, and the CPU time per request of the web process, PostgreSQL and the worker (from
// /proc: a steadier figure than req/s on a shared machine, and it says where the time goes). Load generator
// and app share the machine: ratios are the figure to read.
// `--no-build` runs whatever build is there.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import autocannon from "autocannon";
import globalSetup from "../e2e/global-setup";
import { needsBuild } from "../scripts/lib/build-state";
import { REPO_ROOT } from "../scripts/lib/local-files";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
// `--connections 1,20` and `--routes create,pay` narrow a run (the bare route is always measured: ratios need it).
const argValue = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const CONNECTIONS = (argValue("--connections") ?? "1,4,20").split(",").map(Number);
const ROUTES = argValue("--routes")?.split(",");

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  /** CPU milliseconds per request of the web process, PostgreSQL and the worker (Linux /proc), when readable. */
  cpu: { web: number; db: number; worker: number } | null;
}

type CpuTicks = { web: number; db: number; worker: number };
type ProcessTicks = Map<string, { kind: keyof CpuTicks; used: number }>;

/**
 * CPU time so far (clock ticks) of the stack's processes on this machine, from /proc: the Next.js server
 * (`next-server`), every PostgreSQL process, and the worker. Null where /proc is not there.
 */
function processTicks(): ProcessTicks | null {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return null;
  }
  const ticks: ProcessTicks = new Map();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const used = Number(fields[11]) + Number(fields[12]);
      if (comm.startsWith("next-server")) ticks.set(pid, { kind: "web", used });
      else if (comm === "postgres") ticks.set(pid, { kind: "db", used });
      else if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("scripts/worker.ts")) {
        ticks.set(pid, { kind: "worker", used });
      }
    } catch {
      // The process ended while being read.
    }
  }
  return ticks;
}

/** CPU ticks used between two readings, per kind; a process that started in between counts from 0, one that ended is lost. */
function ticksBetween(before: ProcessTicks, after: ProcessTicks): CpuTicks {
  const used: CpuTicks = { web: 0, db: 0, worker: 0 };
  for (const [pid, { kind, used: now }] of after) used[kind] += now - (before.get(pid)?.used ?? 0);
  return used;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

async function measure(opts: {
  url: string;
  connections: number;
  seconds: number;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
}): Promise<Measured> {
  const before = processTicks();
  const result = await autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.seconds,
    method: opts.method ?? "GET",
    headers: opts.headers,
    body: opts.body,
  });
  const after = processTicks();
  const used = before && after ? ticksBetween(before, after) : null;
  const perRequest = (key: keyof CpuTicks) => (used![key] * 1000) / TICKS_PER_S / Math.max(1, result.requests.total);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
    cpu: used ? { web: perRequest("web"), db: perRequest("db"), worker: perRequest("worker") } : null,
  };
}

function build(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "build"], {
      cwd: REPO_ROOT,
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production" },
    });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`npm run build failed (${code})`))));
  });
}

async function main(): Promise<void> {
  if (!process.argv.includes("--no-build") && (await needsBuild())) {
    console.log("building the app (npm run build)…");
    await build();
  }
  // The bare route on; and the per-key rate limit and the open-invoice quota out of the way: every create
  // request opens an invoice, and all come with one key.
  Object.assign(process.env, {
    PAYRAIL_BENCH_ROUTES: "1",
    API_RATE_LIMIT_PER_MINUTE: "1000000",
    MAX_OPEN_INVOICES_PER_MERCHANT: "10000000",
  });
  const teardown = await globalSetup();
  try {
    const base = process.env.E2E_BASE_URL!;
    const auth = { authorization: `Bearer ${process.env.E2E_API_KEY!}` };
    const invoiceBody = JSON.stringify({
      amount: "25.00",
      currency: "USDC",
      order_id: "bench",
      description: "Bench order",
      metadata: { cart: "42" },
    });
    const created = await fetch(`${base}/api/v1/invoices`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: invoiceBody,
    });
    if (created.status !== 201) throw new Error(`creating the read invoice: ${created.status} ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };

    const allRoutes: {
      key: string;
      name: string;
      url: string;
      method?: "GET" | "POST";
      headers?: Record<string, string>;
      body?: string;
    }[] = [
      {
        key: "bare",
        name: "bare JSON route",
        url: `${base}/api/bench/json`,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: invoiceBody,
      },
      {
        key: "create",
        name: "POST /api/v1/invoices",
        url: `${base}/api/v1/invoices`,
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: invoiceBody,
      },
      { key: "get", name: "GET /api/v1/invoices/{id}", url: `${base}/api/v1/invoices/${id}`, headers: auth },
      { key: "pay", name: "GET /pay/{id}", url: `${base}/pay/${id}` },
    ];
    const routes = allRoutes.filter((r) => r.key === "bare" || !ROUTES || ROUTES.includes(r.key));
    // Every route answers once, then a short warm-up at 4 connections (JIT, pools, Next's route caches).
    for (const route of routes) {
      const probe = await fetch(route.url, { method: route.method ?? "GET", headers: route.headers, body: route.body });
      if (probe.status >= 300) throw new Error(`${route.name}: ${probe.status} ${await probe.text()}`);
      await measure({ ...route, connections: 4, seconds: 2 });
    }

    const results = new Map<string, Measured>();
    for (const connections of CONNECTIONS) {
      for (const route of routes) {
        const m = await measure({ ...route, connections, seconds: SECONDS });
        results.set(`${route.name}@${connections}`, m);
        console.log(
          `${route.name.padEnd(26)} ${String(connections).padStart(2)} conn: ${m.rps.toFixed(0)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, ${m.errors} errors` +
            (m.cpu
              ? `, CPU ms/req web ${m.cpu.web.toFixed(2)} db ${m.cpu.db.toFixed(2)} worker ${m.cpu.worker.toFixed(2)}`
              : ""),
        );
      }
    }

    const header = ["route", "conn", "req/s", "p50 ms", "p99 ms", "errors", "× bare", "CPU ms/req web · db · worker"];
    const rows = routes.flatMap((route) =>
      CONNECTIONS.map((connections) => {
        const m = results.get(`${route.name}@${connections}`)!;
        const bare = results.get(`${routes[0]!.name}@${connections}`)!;
        return [
          route.name,
          String(connections),
          m.rps.toFixed(0),
          String(m.p50),
          String(m.p99),
          String(m.errors),
          (m.rps / bare.rps).toFixed(2),
          m.cpu ? [m.cpu.web, m.cpu.db, m.cpu.worker].map((v) => v.toFixed(2)).join(" · ") : "-",
        ];
      }),
    );
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) =>
      `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(" | ")} |`;
    console.log("");
    console.log(
      `API throughput, next start (production build) + worker, autocannon ${SECONDS} s per row, same machine`,
    );
    console.log(line(header));
    console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
    for (const r of rows) console.log(line(r));
    const create = (c: number) => results.get(`${allRoutes[1]!.name}@${c}`)?.rps;
    const [one, twenty] = [create(1), create(20)];
    if (one && twenty) console.log(`create scaling: 20 connections / 1 connection = ${(twenty / one).toFixed(2)}×`);
  } finally {
    await teardown();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
