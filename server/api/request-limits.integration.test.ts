// Issue 16, item 12: bodies are capped as they stream in (API, tRPC, next-auth), API keys have a rate
// limit, and merchants, open invoices and webhook endpoints have quotas. The API is served over a real
// HTTP server (node:http, chunked uploads without Content-Length) by the app's route handlers.
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as nextAuthPost } from "@/app/api/auth/[...nextauth]/route";
import { POST as cancelInvoice } from "@/app/api/v1/invoices/[id]/cancel/route";
import { GET as listInvoices, POST as createInvoice } from "@/app/api/v1/invoices/route";
import { DELETE as deleteEndpoint } from "@/app/api/v1/webhook_endpoints/[id]/route";
import { POST as createEndpoint } from "@/app/api/v1/webhook_endpoints/route";
import { POST as trpcPost } from "@/app/api/trpc/[trpc]/route";
import { createOwnedMerchant, signUp } from "@/server/accounts/sign-up";
import { createApiKey } from "@/server/auth/api-keys";
import { db, inTransaction } from "@/server/db";
import { AppError } from "@/server/errors";
import { apiRequest, createTestMerchant, params } from "@/test/fixtures";
import { withEnv } from "@/test/webhook-kit";

const noParams = params({});
const errorBody = (code: string, message: string) => ({ error: { type: expect.any(String), code, message } });

/** A node:http server answering every request with `handler`, the body streamed through as Next.js does. */
async function serve(handler: (request: Request) => Promise<Response>): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const body =
      req.method === "GET" || req.method === "HEAD" ? undefined : (Readable.toWeb(req) as ReadableStream<Uint8Array>);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const request = new Request(`http://payrail.test${req.url}`, {
      method: req.method,
      headers,
      body,
      duplex: "half",
    } as RequestInit);
    void handler(request).then(async (response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/**
 * POST `total` bytes in 16 kB chunks with chunked transfer encoding (no Content-Length), as a client
 * streaming a huge upload does; resolves with the answer and how many bytes the client got to send.
 */
function postChunked(
  url: string,
  total: number,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(16 * 1024, "a");
    let sent = 0;
    const req = httpRequest(
      url,
      { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked", ...headers } },
      (res) => {
        const parts: Buffer[] = [];
        res.on("data", (d: Buffer) => parts.push(d));
        res.on("end", () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString(), sent });
        });
      },
    );
    req.on("error", (error) => (sent > 0 ? undefined : reject(error)));
    const pump = () => {
      while (sent < total && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}

describe("request body limits", () => {
  let api: { server: Server; url: string };
  let key: string;
  beforeAll(async () => {
    ({ key } = await createTestMerchant());
    api = await serve((request) => createInvoice(request, noParams));
  });
  afterAll(() => api.server.close());

  it("refuses an unauthenticated 64 MB chunked body with a 413 after reading little more than 64 kB", async () => {
    const res = await postChunked(`${api.url}/api/v1/invoices`, 64 * 1024 * 1024);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({
      error: {
        type: "invalid_request_error",
        code: "payload_too_large",
        message: "The request body is larger than the limit of 65536 bytes.",
      },
    });
    // The server answered while the client was still sending: it did not wait for (or hold) the 64 MB.
    expect(res.sent).toBeLessThan(64 * 1024 * 1024);
  });

  it("refuses a declared Content-Length over the cap before reading, and accepts a body under it", async () => {
    const big = await createInvoice(
      apiRequest("POST", "/api/v1/invoices", {
        key,
        body: { amount: "1", currency: "USDC", metadata: { a: "x".repeat(70_000) } },
      }),
      noParams,
    );
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual(
      errorBody("payload_too_large", "The request body is larger than the limit of 65536 bytes."),
    );
    const lying = new Request("http://payrail.test/api/v1/invoices", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "content-length": String(10 * 1024 ** 3),
        authorization: `Bearer ${key}`,
      },
      body: "{}",
    });
    expect((await createInvoice(lying, noParams)).status).toBe(413);
    const ok = await createInvoice(
      apiRequest("POST", "/api/v1/invoices", {
        key,
        body: { amount: "1", currency: "USDC", metadata: { a: "x".repeat(400) } },
      }),
      noParams,
    );
    expect(ok.status).toBe(201);
  });

  it("caps tRPC and next-auth bodies too (256 kB by default)", async () => {
    const trpc = await serve((request) => trpcPost(request));
    const auth = await serve((request) =>
      nextAuthPost(request, { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) }),
    );
    try {
      const t = await postChunked(`${trpc.url}/api/trpc/account.signUp`, 8 * 1024 * 1024);
      expect(t.status).toBe(413);
      expect(JSON.parse(t.body).error.code).toBe("payload_too_large");
      const a = await postChunked(`${auth.url}/api/auth/callback/credentials`, 8 * 1024 * 1024, {
        "content-type": "application/x-www-form-urlencoded",
      });
      expect(a.status).toBe(413);
      expect(JSON.parse(a.body)).toEqual(
        errorBody("payload_too_large", "The request body is larger than the limit of 262144 bytes."),
      );
    } finally {
      trpc.server.close();
      auth.server.close();
    }
  });
});

describe("per-key API rate limit", () => {
  it("answers a 429 rate_limited with Retry-After once a key has spent its minute, other keys unaffected", async () => {
    const undo = withEnv({ API_RATE_LIMIT_PER_MINUTE: "3" });
    try {
      const { key, merchantId } = await createTestMerchant();
      for (let i = 0; i < 3; i++)
        expect((await listInvoices(apiRequest("GET", "/api/v1/invoices", { key }), noParams)).status).toBe(200);
      const limited = await listInvoices(apiRequest("GET", "/api/v1/invoices", { key }), noParams);
      expect(limited.status).toBe(429);
      const retryAfter = Number(limited.headers.get("retry-after"));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      expect(await limited.json()).toEqual({
        error: {
          type: "rate_limit_error",
          code: "rate_limited",
          message: `Too many requests with this API key. Retry after ${retryAfter} seconds.`,
        },
      });
      // The budget is the key's: another key of the same merchant still gets through.
      const other = await inTransaction(db(), (tx) => createApiKey(tx, { merchantId, livemode: false }));
      expect((await listInvoices(apiRequest("GET", "/api/v1/invoices", { key: other.key }), noParams)).status).toBe(
        200,
      );
    } finally {
      undo();
    }
  });
});

describe("quotas", () => {
  const creator = (key: string) => () =>
    createInvoice(apiRequest("POST", "/api/v1/invoices", { key, body: { amount: "1", currency: "USDC" } }), noParams);
  const cancel = (key: string, id: string) =>
    cancelInvoice(apiRequest("POST", `/api/v1/invoices/${id}/cancel`, { key }), params({ id }));

  it("open invoices per merchant and mode: the next is a 409 open_invoice_limit_reached until one closes", async () => {
    const undo = withEnv({ MAX_OPEN_INVOICES_PER_MERCHANT: "2" });
    try {
      const { key } = await createTestMerchant();
      const create = creator(key);
      const first = await (await create()).json();
      expect((await create()).status).toBe(201);
      const refused = await create();
      expect(refused.status).toBe(409);
      expect(await refused.json()).toEqual(
        errorBody(
          "open_invoice_limit_reached",
          "This merchant has 2 open invoices in this mode, the most allowed: wait for some to be paid or expire, or cancel some.",
        ),
      );
      expect((await cancel(key, first.id)).status).toBe(200);
      expect((await create()).status).toBe(201);
    } finally {
      undo();
    }
  });

  it("open invoices with a limit of 20: counts reused below 90% of it still refuse exactly the 21st", async () => {
    const undo = withEnv({ MAX_OPEN_INVOICES_PER_MERCHANT: "20" });
    try {
      const { key } = await createTestMerchant();
      const create = creator(key);
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) {
        const res = await create();
        expect(res.status).toBe(201);
        ids.push(((await res.json()) as { id: string }).id);
      }
      expect((await create()).status).toBe(409);
      for (const id of ids.slice(0, 2)) expect((await cancel(key, id)).status).toBe(200);
      expect((await create()).status).toBe(201);
      expect((await create()).status).toBe(201);
      expect((await create()).status).toBe(409);
    } finally {
      undo();
    }
  });

  it("webhook endpoints per merchant and mode: the next is a 409 webhook_endpoint_limit_reached until one is deleted", async () => {
    const undo = withEnv({ MAX_WEBHOOK_ENDPOINTS_PER_MERCHANT: "2" });
    try {
      const { key } = await createTestMerchant();
      const create = () =>
        createEndpoint(
          apiRequest("POST", "/api/v1/webhook_endpoints", {
            key,
            body: { url: "https://93.184.215.14/hooks", events: ["*"] },
          }),
          noParams,
        );
      const first = await (await create()).json();
      expect(first.id).toMatch(/^we_/);
      expect((await create()).status).toBe(201);
      const refused = await create();
      expect(refused.status).toBe(409);
      expect(await refused.json()).toEqual(
        errorBody(
          "webhook_endpoint_limit_reached",
          "This merchant has 2 webhook endpoints in this mode, the most allowed (2): delete one first.",
        ),
      );
      expect(
        (
          await deleteEndpoint(
            apiRequest("DELETE", `/api/v1/webhook_endpoints/${first.id}`, { key }),
            params({ id: first.id }),
          )
        ).status,
      ).toBe(200);
      expect((await create()).status).toBe(201);
    } finally {
      undo();
    }
  });

  it("merchants per user: creating one past MAX_MERCHANTS_PER_USER is a 409 merchant_limit_reached", async () => {
    const undo = withEnv({ MAX_MERCHANTS_PER_USER: "2" });
    try {
      const email = `quota-${Date.now()}@example.com`;
      const { userId } = await signUp(db(), {
        email,
        password: "correct horse battery staple",
        name: "Q",
        businessName: "Quota One",
      });
      await createOwnedMerchant(db(), { userId, name: "Quota Two" });
      const refused = await createOwnedMerchant(db(), { userId, name: "Quota Three" }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(AppError);
      expect(refused).toMatchObject({
        code: "merchant_limit_reached",
        status: 409,
        message: "You already own 2 merchants, the most one account may own (2).",
      });
      expect(await db().membership.count({ where: { userId, role: "owner" } })).toBe(2);
    } finally {
      undo();
    }
  });
});
