// A `fetch` that answers /api/v1 requests with the app's own route handlers, in process: what the typed
// client (packages/client) is given in integration tests, so that they exercise the real routes, the
// real database and the real devnets without starting a Next.js server. Routes are found the way Next
// finds them: every route.ts under app/api/v1, static segments before `[param]`, `[...catchAll]` last.
import { readdirSync } from "node:fs";
import path from "node:path";

type Handler = (
  request: Request,
  context: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response> | Response;

interface Route {
  file: string;
  segments: string[];
  rank: number;
}

const APP_DIR = path.resolve(import.meta.dirname, "../app");

function findRoutes(dir: string): Route[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findRoutes(full);
    if (entry.name !== "route.ts") return [];
    const segments = path.relative(APP_DIR, dir).split(path.sep);
    // Fewer catch-alls first, then fewer dynamic segments: the most specific route wins.
    const rank =
      segments.filter((s) => s.startsWith("[...")).length * 1000 + segments.filter((s) => s.startsWith("[")).length;
    return [{ file: full, segments, rank }];
  });
}

const routes = findRoutes(path.join(APP_DIR, "api/v1")).sort((a, b) => a.rank - b.rank);

function match(route: Route, parts: string[]): Record<string, string | string[]> | null {
  const params: Record<string, string | string[]> = {};
  for (const [i, segment] of route.segments.entries()) {
    const catchAll = /^\[\.\.\.(.+)\]$/.exec(segment);
    if (catchAll) {
      if (parts.length <= i) return null;
      params[catchAll[1]!] = parts.slice(i);
      return params;
    }
    const part = parts[i];
    if (part === undefined) return null;
    const dynamic = /^\[(.+)\]$/.exec(segment);
    if (dynamic) params[dynamic[1]!] = part;
    else if (segment !== part) return null;
  }
  return parts.length === route.segments.length ? params : null;
}

/** Answer a request to `/api/v1/...` (any origin) with the matching route handler of the app. */
export async function routeFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  const parts = new URL(request.url).pathname.split("/").filter(Boolean).map(decodeURIComponent);
  for (const route of routes) {
    const params = match(route, parts);
    if (!params) continue;
    const handlers = (await import(/* @vite-ignore */ route.file)) as Record<string, Handler | undefined>;
    const handler = handlers[request.method];
    if (!handler) return new Response(null, { status: 405 });
    return handler(request, { params: Promise.resolve(params) });
  }
  throw new Error(`routeFetch: no route under app/api/v1 for ${request.method} ${request.url}`);
}
