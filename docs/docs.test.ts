// Keeps docs/ true where a test can: the settings, the routes, the links, the JSON examples and the
// TypeScript webhook handler the pages show are checked against the code. (The reference receiver of
// webhooks.md runs in server/webhooks/reference-receiver.integration.test.ts.)
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { confirmationsEnvKey, NETWORK_CATALOG, rpcEnvKey, wsEnvKey } from "@/server/chains/catalog";
import { generateWebhookSecret, signWebhook } from "@/server/webhooks/sign";

const repo = path.resolve(import.meta.dirname, "..");
const read = (file: string) => readFileSync(path.join(repo, file), "utf8");
const docFiles = readdirSync(path.join(repo, "docs"))
  .filter((f) => f.endsWith(".md"))
  .map((f) => `docs/${f}`);
const markdownFiles = ["README.md", ...docFiles];

/** Markdown without its fenced code blocks (whose `#` lines are not headings and `[x](y)` not links). */
function prose(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, "");
}

/** The fenced blocks of one language, in order. */
function blocks(markdown: string, lang: string): string[] {
  return [...markdown.matchAll(new RegExp("^```" + lang + "\\n([\\s\\S]*?)^```$", "gm"))].map((m) => m[1] ?? "");
}

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const [, text = ""] of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .trim()
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Every `(METHOD, /api/v1/path)` the route files under app/api/v1 export, `[param]` written `{param}`. */
function apiRoutes(): string[] {
  const routes: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const segments = path.relative(path.join(repo, "app"), path.dirname(full)).split(path.sep);
        // The catch-all answers a JSON 404 for unknown paths: not an endpoint.
        if (segments.some((s) => s.startsWith("[..."))) continue;
        const urlPath =
          "/" +
          segments
            .filter((s) => !/^\(.*\)$/.test(s))
            .map((s) => s.replace(/^\[(.+)\]$/, "{$1}"))
            .join("/");
        const source = readFileSync(full, "utf8");
        const methods = new Set<string>();
        for (const m of source.matchAll(/export\s+(?:const|(?:async\s+)?function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g))
          methods.add(m[1]!);
        for (const m of source.matchAll(/export\s*\{([^}]*)\}/g)) {
          for (const alias of m[1]!.matchAll(/\bas\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) methods.add(alias[1]!);
        }
        for (const method of methods) routes.push(`${method} ${urlPath}`);
      }
    }
  };
  walk(path.join(repo, "app/api/v1"));
  return routes.sort();
}

/** The repository's files: git's view (tracked and untracked, ignored ones left out), or a walk without the usual output folders. */
function repositoryFiles(): string[] {
  try {
    return execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
      cwd: repo,
      encoding: "utf8",
      maxBuffer: 64 << 20,
    })
      .split("\0")
      .filter((f) => f && existsSync(path.join(repo, f)));
  } catch {
    const skip = new Set(["node_modules", ".git", ".next", ".data", "test-results", "playwright-report"]);
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(path.join(repo, dir), { withFileTypes: true })) {
        if (skip.has(entry.name)) continue;
        const rel = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(rel);
        else out.push(rel);
      }
    };
    walk(".");
    return out;
  }
}

describe("docs/operations.md", () => {
  it("describes every setting server/env.ts reads", () => {
    const source = read("server/env.ts");
    const schemaKeys = [...source.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!);
    // Settings derived from the network catalog count too, however env.ts comes to spell them.
    const catalogKeys = NETWORK_CATALOG.flatMap((n) => [rpcEnvKey(n.id), confirmationsEnvKey(n.id)]);
    const settings = [...new Set([...schemaKeys, ...catalogKeys])];
    expect(settings.length).toBeGreaterThanOrEqual(30);
    const doc = read("docs/operations.md");
    expect(settings.filter((name) => !doc.includes(`\`${name}\``))).toEqual([]);
  });
});

describe("README.md", () => {
  it("names in its security section only settings server/env.ts reads", () => {
    const readme = read("README.md");
    const start = readme.indexOf("\n## Security");
    expect(start).toBeGreaterThan(0);
    const section = readme.slice(start, readme.indexOf("\n## ", start + 1));
    const source = read("server/env.ts");
    const known = new Set([
      ...[...source.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!),
      ...NETWORK_CATALOG.flatMap((n) => [rpcEnvKey(n.id), wsEnvKey(n.id), confirmationsEnvKey(n.id)]),
    ]);
    // `RPC_URL_<NETWORK>` stands for every network's variable.
    const named = [...prose(section).matchAll(/`([A-Z][A-Z0-9_]*(?:<NETWORK>)?)`/g)].map((m) => m[1]!);
    const unknown = named.filter((name) =>
      name.includes("<NETWORK>")
        ? !NETWORK_CATALOG.every((n) => known.has(name.replace("<NETWORK>", rpcEnvKey(n.id).slice("RPC_URL_".length))))
        : !known.has(name),
    );
    expect(named).toEqual(expect.arrayContaining(["TRUSTED_PROXY_HOPS", "PAYRAIL_ALLOW_PRIVATE_WEBHOOKS"]));
    expect(unknown).toEqual([]);
  });
});

describe("docs/api.md", () => {
  const doc = read("docs/api.md");

  it("documents every route under app/api/v1", () => {
    const routes = apiRoutes();
    expect(routes).toContain("POST /api/v1/invoices");
    expect(routes.filter((route) => !doc.includes(`\`${route}\``))).toEqual([]);
  });

  it("documents no endpoint that does not exist", () => {
    const routes = new Set(apiRoutes());
    const documented = [...prose(doc).matchAll(/^#{2,4} `((?:GET|POST|PUT|PATCH|DELETE) \/api\/v1\/[^`]*)`/gm)].map(
      (m) => m[1]!,
    );
    expect(documented.length).toBeGreaterThan(10);
    expect(documented.filter((route) => !routes.has(route))).toEqual([]);
  });

  it("lists every error code an endpoint can answer", async () => {
    const { errorCodes } = await import("@/server/errors");
    // Codes the public API never answers: the dashboard's, and the 500 that has its own paragraph.
    const notApi = new Set(["forbidden", "conflict", "merchant_exists", "method_not_allowed", "internal"]);
    const missing = Object.keys(errorCodes).filter((code) => !notApi.has(code) && !doc.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });
});

describe("the repository", () => {
  it("points nowhere outside itself: no file mentions the design notes' folder", () => {
    const needle = ["..", "shared", ""].join("/");
    const offenders = repositoryFiles().filter((file) => {
      const full = path.join(repo, file);
      if (statSync(full).size > 5_000_000) return false;
      return readFileSync(full, "utf8").includes(needle);
    });
    expect(offenders).toEqual([]);
  });

  it.each(markdownFiles)("%s: every relative link reaches a file, and every anchor a heading", (file) => {
    const markdown = read(file);
    const broken: string[] = [];
    for (const [, target = ""] of prose(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:...
      const [rel = "", anchor] = target.split("#");
      const resolved = rel === "" ? path.join(repo, file) : path.resolve(path.dirname(path.join(repo, file)), rel);
      if (!existsSync(resolved)) {
        broken.push(`${target}: no such file`);
        continue;
      }
      if (anchor && resolved.endsWith(".md") && !anchors(readFileSync(resolved, "utf8")).has(anchor)) {
        broken.push(`${target}: no such heading`);
      }
    }
    expect(broken).toEqual([]);
  });

  it.each(docFiles)("%s: every JSON example parses", (file) => {
    for (const example of blocks(read(file), "json")) expect(() => JSON.parse(example), example).not.toThrow();
  });
});

describe("the TypeScript webhook handler of docs/webhooks.md", () => {
  const secret = generateWebhookSecret();
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function loadHandler(): Promise<(request: Request) => Promise<Response>> {
    const doc = read("docs/webhooks.md");
    const start = doc.indexOf("\n### Node.js and TypeScript\n");
    const section = doc.slice(start, doc.indexOf("\n### ", start + 1));
    const [code] = blocks(section, "ts");
    if (start < 0 || !code) throw new Error('no TypeScript block under "Node.js and TypeScript" in docs/webhooks.md');
    dir = await mkdtemp(path.join(os.tmpdir(), "payrail-docs-handler-"));
    await symlink(path.join(repo, "node_modules"), path.join(dir, "node_modules"));
    await writeFile(path.join(dir, "route.ts"), code);
    process.env.PAYRAIL_WEBHOOK_SECRET = secret;
    const mod = (await import(/* @vite-ignore */ pathToFileURL(path.join(dir, "route.ts")).href)) as {
      POST: (r: Request) => Promise<Response>;
    };
    return mod.POST;
  }

  function delivery(opts: { body: string; signedBody?: string; secret?: string; timestamp?: number }): Request {
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const id = "evt_docs0000000000000000001";
    const signature = signWebhook(opts.secret ?? secret, { id, timestamp, body: opts.signedBody ?? opts.body });
    return new Request("http://127.0.0.1/api/payrail", {
      method: "POST",
      body: opts.body,
      headers: {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": signature,
      },
    });
  }

  it("accepts a delivery signed as Payrail signs, and refuses an altered, foreign or stale one", async () => {
    const POST = await loadHandler();
    const body = JSON.stringify({
      id: "evt_docs0000000000000000001",
      object: "event",
      type: "invoice.paid",
      sequence: 5,
      data: { object: { id: "inv_docs", object: "invoice" } },
    });
    expect((await POST(delivery({ body }))).status).toBe(204);
    expect((await POST(delivery({ body: body.replace("inv_docs", "inv_evil"), signedBody: body }))).status).toBe(400);
    expect((await POST(delivery({ body, secret: generateWebhookSecret() }))).status).toBe(400);
    expect((await POST(delivery({ body, timestamp: Math.floor(Date.now() / 1000) - 600 }))).status).toBe(400);
  });
});
