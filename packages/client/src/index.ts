// The Payrail API client: openapi-fetch typed by the paths generated from the server's OpenAPI document
// (./schema.d.ts, written by `npm run client:generate`). Nothing here is hand-typed per endpoint, so a
// change in the API that the client does not follow fails type checking instead of failing at runtime.
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { components, operations, paths } from "./schema";

export type { components, operations, paths };
export type { Middleware };

type Schemas = components["schemas"];
export type Invoice = Schemas["Invoice"];
export type Network = Schemas["Network"];
export type Event = Schemas["Event"];
export type WebhookEndpoint = Schemas["WebhookEndpoint"];
export type WebhookEndpointWithSecret = Schemas["WebhookEndpointWithSecret"];
export type WebhookDelivery = Schemas["WebhookDelivery"];
/** The body of every error response: `{ error: { type, code, message, param? } }`. */
export type ApiError = Schemas["Error"];
/** Every error `code` the API answers with. */
export type ErrorCode = ApiError["error"]["code"];
/** The body of `POST /api/v1/invoices`. */
export type CreateInvoiceParams = operations["createInvoice"]["requestBody"]["content"]["application/json"];

/** A typed client for `/api/v1`: `client.GET(path, { params })`, `client.POST(path, { body, params })`, … */
export type PayrailClient = Client<paths>;

export interface PayrailClientOptions {
  /** The gateway's origin, such as `https://pay.example.com` (paths start with `/api/v1`). */
  baseUrl: string;
  /** A secret API key, `sk_test_...` or `sk_live_...`; sent as `Authorization: Bearer <key>`. */
  apiKey: string;
  /** A fetch implementation (default: the global `fetch`), for tests, proxies or instrumentation. */
  fetch?: (request: Request) => Promise<Response>;
}

/**
 * A client for the Payrail API that sends `apiKey` as a bearer token on every request.
 * Calls resolve to `{ data, error, response }`: `data` on 2xx, `error` (an {@link ApiError}) otherwise;
 * network failures reject.
 */
export function createPayrailClient(options: PayrailClientOptions): PayrailClient {
  if (!options.apiKey) throw new Error("createPayrailClient: apiKey is required");
  return createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { authorization: `Bearer ${options.apiKey}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
