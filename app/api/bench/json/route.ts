import { json } from "@/server/api/rest";
import { env } from "@/server/env";

// POST /api/bench/json: the bare route npm run bench:api measures the API against. It parses a JSON
// body and answers JSON, touching nothing else. Served only with PAYRAIL_BENCH_ROUTES=1; a 404 otherwise.
export async function POST(request: Request): Promise<Response> {
  if (env().PAYRAIL_BENCH_ROUTES !== "1") return new Response("Not Found", { status: 404 });
  const body = (await request.json()) as unknown;
  return json(200, { ok: true, received: body });
}
