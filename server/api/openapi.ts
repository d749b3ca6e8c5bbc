import { z } from "zod";
import type { listNetworks } from "../chains/list-networks";
import { errorCodes } from "../errors";
import { createInvoiceRequest } from "../invoices/create-invoice.schema";
import { invoiceResponse } from "../invoices/invoice.schema";
import { listInvoiceEventsQuery, listInvoicesQuery } from "../invoices/list-invoices.schema";
import { resolveInvoiceRequest } from "../invoices/resolve-invoice.schema";
import { eventResponse, listEventsQuery } from "../webhooks/event.schema";
import {
  listWebhookDeliveriesQuery,
  resendFailedDeliveriesRequest,
  resendFailedDeliveriesResponse,
  webhookDeliveryResponse,
} from "../webhooks/webhook-delivery.schema";
import {
  createWebhookEndpointRequest,
  deletedWebhookEndpointResponse,
  listWebhookEndpointsQuery,
  updateWebhookEndpointRequest,
  webhookEndpointResponse,
  webhookEndpointWithSecretResponse,
} from "../webhooks/webhook-endpoint.schema";

/**
 * The OpenAPI 3.1 document of the public API (`/api/v1`), served at `GET /api/v1/openapi.json` and
 * rendered at `/docs`. Request bodies and query strings are converted from the very zod schemas the
 * route handlers validate with (`readBody` / `readQuery`), as their *input* types; responses from the
 * response schemas the serializers are typed by. Only the operation table below is written by hand,
 * and server/api/openapi.integration.test.ts fails when a route file is missing from it.
 */

export type JsonSchema = { [key: string]: unknown };

export interface OpenApiParameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters: (OpenApiParameter | { $ref: string })[];
  requestBody?: { required: true; content: { "application/json": { schema: JsonSchema } } };
  responses: Record<string, { description: string; content?: { "application/json": { schema: JsonSchema } } } | { $ref: string }>;
}

export type HttpMethod = "get" | "post" | "delete";

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  security: Record<string, string[]>[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>>;
  components: {
    securitySchemes: Record<string, JsonSchema>;
    parameters: Record<string, OpenApiParameter>;
    responses: Record<string, { description: string; content: { "application/json": { schema: JsonSchema } } }>;
    schemas: Record<string, JsonSchema>;
  };
}

// ---------------------------------------------------------------------------------------------
// Schemas that exist only as TypeScript shapes in the code: written here in zod, and tied to the code
// by type checks so that a change there fails `tsc` until the documentation follows.

const errorTypes = [...new Set(Object.values(errorCodes).map((c) => c.type))] as [string, ...string[]];
const errorCodeNames = Object.keys(errorCodes) as [string, ...string[]];

/** The error body of every 4xx (and the opaque 500): see errorResponse in ./rest.ts. */
const errorBody = z.object({
  error: z.object({
    type: z.enum(errorTypes),
    code: z.enum(errorCodeNames),
    message: z.string(),
    param: z.string().optional(),
  }),
});

/** A network as `GET /api/v1/networks` lists it (server/chains/list-networks.ts). */
const networkResponse = z.object({
  id: z.string(),
  object: z.literal("network"),
  chain_id: z.number().int(),
  name: z.string(),
  confirmations: z.number().int(),
  assets: z.array(z.object({ symbol: z.string(), decimals: z.number().int(), token_address: z.string().nullable() })),
});
type Network = ReturnType<typeof listNetworks>[number];
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
const _networkKeysMatch: SameKeys<Network, z.infer<typeof networkResponse>> = true;
const _networkAssetKeysMatch: SameKeys<Network["assets"][number], z.infer<typeof networkResponse>["assets"][number]> = true;
const _networkAssignable: z.infer<typeof networkResponse> = {} as Network;
void [_networkKeysMatch, _networkAssetKeysMatch, _networkAssignable];

// ---------------------------------------------------------------------------------------------
// Field descriptions (API.md's words). Zod schemas here carry no `.describe()`, so they are added to
// the converted JSON; naming a field the schema lacks throws, so a renamed field cannot leave a stale line.

const listParamDocs = {
  limit: "How many objects to return.",
  starting_after: "An object id: return the objects listed after it (the next page).",
  ending_before: "An object id: return the objects listed before it (the previous page).",
};

const docs = {
  createInvoice: {
    amount: 'Decimal string in the unit of `currency`, such as "25.00". Never a JSON number.',
    currency: '"USD", "EUR" or an asset symbol such as "USDC" or "ETH".',
    order_id: "Your order reference; invoices can be listed by it.",
    description: "Text shown on the hosted payment page.",
    metadata: "Your own key-value strings, up to 20 keys.",
    payment_methods: "The networks and assets the customer may pay with. Default: every one you enabled.",
    expires_in: "Seconds until the invoice expires, 60-604800. Default from settings (3600).",
    redirect_url: "Where the hosted page sends the customer once paid.",
    customer_email: "The customer's email address.",
  },
  resolveInvoice: {
    action: "`accept` the payment as is, `refund` it, or `close` the invoice.",
    note: "Why; kept in the invoice's history.",
    refund_address: "For `refund`: the EVM address to send it to.",
    refund_network: "For `refund` when payments arrived on several networks or assets: which network to refund.",
    refund_asset: "For `refund` when payments arrived on several networks or assets: which asset to refund.",
    refund_amount: "For `refund`: decimal amount in the refunded asset. Default: everything refundable.",
  },
  createWebhookEndpoint: {
    url: "The http(s) URL that receives the events.",
    events: 'The event types to send, or `["*"]` for all of them.',
    description: "Your note about the endpoint.",
  },
  updateWebhookEndpoint: {
    url: "The http(s) URL that receives the events.",
    events: 'The event types to send, or `["*"]` for all of them.',
    description: "Your note about the endpoint; `null` clears it.",
    disabled: "`true` disables the endpoint (it receives nothing); `false` enables it again and resumes its pending deliveries.",
  },
  resendFailedDeliveries: {
    created_gte: "Resend the failed deliveries created at or after this time (ISO 8601).",
    created_lt: "…and before this time (ISO 8601). Default: now.",
  },
  listInvoices: {
    ...listParamDocs,
    status: "Only invoices in this status.",
    order_id: "Only invoices with this order reference.",
    created_gte: "Only invoices created at or after this time (ISO 8601).",
    created_lt: "Only invoices created before this time (ISO 8601).",
  },
  listEvents: {
    ...listParamDocs,
    type: "Only events of this type.",
    delivery_success: "`false`: events some endpoint has not accepted yet; `true`: events every endpoint accepted.",
  },
  listWebhookDeliveries: {
    ...listParamDocs,
    status: "Only deliveries in this status.",
    event_id: "Only deliveries of this event.",
  },
  list: listParamDocs,
} satisfies Record<string, Record<string, string>>;

function describeFields(schema: JsonSchema, descriptions: Record<string, string>, label: string): JsonSchema {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  for (const [field, description] of Object.entries(descriptions)) {
    const property = properties?.[field];
    if (!property) throw new Error(`OpenAPI docs describe ${label}.${field}, which the schema does not have`);
    property.description = description;
  }
  return schema;
}

// ---------------------------------------------------------------------------------------------
// Conversion

/** A zod schema as JSON Schema 2020-12 (what OpenAPI 3.1 uses), without the `$schema` marker. */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, target: "draft-2020-12", unrepresentable: "throw" }) as JsonSchema;
  return rest;
}

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

const listOf = (name: string): JsonSchema => ({
  type: "object",
  description: `A page of ${name} objects, newest first unless stated otherwise.`,
  properties: {
    object: { type: "string", const: "list" },
    data: { type: "array", items: ref(name) },
    has_more: { type: "boolean", description: "Whether another page follows." },
  },
  required: ["object", "data", "has_more"],
  additionalProperties: false,
});

/** Query parameters of a (flat, object) query schema. */
function queryParameters(schema: z.ZodType, descriptions: Record<string, string>, label: string): OpenApiParameter[] {
  const json = describeFields(jsonSchema(schema, "input"), descriptions, label);
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries((json.properties ?? {}) as Record<string, JsonSchema>).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: "query", required: required.has(name), ...(typeof description === "string" ? { description } : {}), schema: rest };
  });
}

const pathParamDocs: Record<string, string> = {
  id: "The object's id.",
  delivery_id: "The webhook delivery's id.",
};

function pathParameters(path: string): OpenApiParameter[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map(([, name = ""]) => ({
    name,
    in: "path",
    required: true,
    description: pathParamDocs[name] ?? name,
    schema: { type: "string" },
  }));
}

// ---------------------------------------------------------------------------------------------
// The operations: one row per exported handler under app/api/v1.

interface OperationSpec {
  method: HttpMethod;
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  body?: { schema: z.ZodType; docs: Record<string, string> };
  query?: { schema: z.ZodType; docs: Record<string, string> };
  response: { status: 200 | 201; schema: JsonSchema; description: string };
}

const operations: OperationSpec[] = [
  // Invoices
  {
    method: "post", path: "/api/v1/invoices", operationId: "createInvoice", tag: "Invoices",
    summary: "Create an invoice",
    description: "Each payment option gets its own deposit address; fiat amounts are converted at a locked rate.",
    body: { schema: createInvoiceRequest, docs: docs.createInvoice },
    response: { status: 201, schema: ref("Invoice"), description: "The invoice." },
  },
  {
    method: "get", path: "/api/v1/invoices", operationId: "listInvoices", tag: "Invoices",
    summary: "List invoices",
    description: "The invoices of the key's mode, newest first, filtered.",
    query: { schema: listInvoicesQuery, docs: docs.listInvoices },
    response: { status: 200, schema: listOf("Invoice"), description: "A list of invoices." },
  },
  {
    method: "get", path: "/api/v1/invoices/{id}", operationId: "retrieveInvoice", tag: "Invoices",
    summary: "Retrieve an invoice",
    response: { status: 200, schema: ref("Invoice"), description: "The invoice." },
  },
  {
    method: "post", path: "/api/v1/invoices/{id}/cancel", operationId: "cancelInvoice", tag: "Invoices",
    summary: "Cancel an invoice",
    description: "Only while nothing was received; otherwise 409 `invoice_not_cancellable`.",
    response: { status: 200, schema: ref("Invoice"), description: "The cancelled invoice." },
  },
  {
    method: "post", path: "/api/v1/invoices/{id}/resolve", operationId: "resolveInvoice", tag: "Invoices",
    summary: "Resolve an invoice in review",
    description: "The merchant's decision on an invoice in `review_required`; otherwise 409 `invoice_not_in_review`.",
    body: { schema: resolveInvoiceRequest, docs: docs.resolveInvoice },
    response: { status: 200, schema: ref("Invoice"), description: "The invoice after the decision." },
  },
  {
    method: "get", path: "/api/v1/invoices/{id}/events", operationId: "listInvoiceEvents", tag: "Invoices",
    summary: "List an invoice's events",
    description: "The invoice's event history, in `sequence` order.",
    query: { schema: listInvoiceEventsQuery, docs: docs.list },
    response: { status: 200, schema: listOf("Event"), description: "A list of events." },
  },
  // Networks
  {
    method: "get", path: "/api/v1/networks", operationId: "listNetworks", tag: "Networks",
    summary: "List networks",
    description: "The networks enabled for the key's mode, with their assets. Not paginated.",
    response: { status: 200, schema: listOf("Network"), description: "A list of networks." },
  },
  // Events
  {
    method: "get", path: "/api/v1/events", operationId: "listEvents", tag: "Events",
    summary: "List events",
    query: { schema: listEventsQuery, docs: docs.listEvents },
    response: { status: 200, schema: listOf("Event"), description: "A list of events." },
  },
  {
    method: "get", path: "/api/v1/events/{id}", operationId: "retrieveEvent", tag: "Events",
    summary: "Retrieve an event",
    description: "The same object its webhooks carried.",
    response: { status: 200, schema: ref("Event"), description: "The event." },
  },
  // Webhook endpoints
  {
    method: "post", path: "/api/v1/webhook_endpoints", operationId: "createWebhookEndpoint", tag: "Webhook endpoints",
    summary: "Create a webhook endpoint",
    description: "The response holds the endpoint's signing secret, shown only here (and after a rotation).",
    body: { schema: createWebhookEndpointRequest, docs: docs.createWebhookEndpoint },
    response: { status: 201, schema: ref("WebhookEndpointWithSecret"), description: "The endpoint with its secret." },
  },
  {
    method: "get", path: "/api/v1/webhook_endpoints", operationId: "listWebhookEndpoints", tag: "Webhook endpoints",
    summary: "List webhook endpoints",
    query: { schema: listWebhookEndpointsQuery, docs: docs.list },
    response: { status: 200, schema: listOf("WebhookEndpoint"), description: "A list of endpoints." },
  },
  {
    method: "get", path: "/api/v1/webhook_endpoints/{id}", operationId: "retrieveWebhookEndpoint", tag: "Webhook endpoints",
    summary: "Retrieve a webhook endpoint",
    description: "Never with its secret.",
    response: { status: 200, schema: ref("WebhookEndpoint"), description: "The endpoint." },
  },
  {
    method: "post", path: "/api/v1/webhook_endpoints/{id}", operationId: "updateWebhookEndpoint", tag: "Webhook endpoints",
    summary: "Update a webhook endpoint",
    description: "Only the fields given change. Also disables or enables the endpoint.",
    body: { schema: updateWebhookEndpointRequest, docs: docs.updateWebhookEndpoint },
    response: { status: 200, schema: ref("WebhookEndpoint"), description: "The updated endpoint." },
  },
  {
    method: "delete", path: "/api/v1/webhook_endpoints/{id}", operationId: "deleteWebhookEndpoint", tag: "Webhook endpoints",
    summary: "Delete a webhook endpoint",
    description: "It receives nothing from then on.",
    response: { status: 200, schema: ref("DeletedWebhookEndpoint"), description: "The deleted endpoint." },
  },
  {
    method: "post", path: "/api/v1/webhook_endpoints/{id}/rotate_secret", operationId: "rotateWebhookEndpointSecret", tag: "Webhook endpoints",
    summary: "Rotate a webhook endpoint's secret",
    description: "A new secret, shown once; the previous one keeps signing for 24 hours.",
    response: { status: 200, schema: ref("WebhookEndpointWithSecret"), description: "The endpoint with its new secret." },
  },
  {
    method: "get", path: "/api/v1/webhook_endpoints/{id}/deliveries", operationId: "listWebhookDeliveries", tag: "Webhook endpoints",
    summary: "List an endpoint's deliveries",
    description: "The endpoint's delivery log, newest first, each delivery with every attempt.",
    query: { schema: listWebhookDeliveriesQuery, docs: docs.listWebhookDeliveries },
    response: { status: 200, schema: listOf("WebhookDelivery"), description: "A list of deliveries." },
  },
  {
    method: "post", path: "/api/v1/webhook_endpoints/{id}/deliveries/resend", operationId: "resendFailedWebhookDeliveries", tag: "Webhook endpoints",
    summary: "Resend failed deliveries",
    description: "Schedules the endpoint's failed deliveries created in [created_gte, created_lt) to be sent again now.",
    body: { schema: resendFailedDeliveriesRequest, docs: docs.resendFailedDeliveries },
    response: { status: 200, schema: ref("WebhookDeliveryResend"), description: "How many deliveries were scheduled." },
  },
  {
    method: "get", path: "/api/v1/webhook_endpoints/{id}/deliveries/{delivery_id}", operationId: "retrieveWebhookDelivery", tag: "Webhook endpoints",
    summary: "Retrieve a delivery",
    description: "One delivery with its attempts.",
    response: { status: 200, schema: ref("WebhookDelivery"), description: "The delivery." },
  },
  {
    method: "post", path: "/api/v1/webhook_endpoints/{id}/deliveries/{delivery_id}/resend", operationId: "resendWebhookDelivery", tag: "Webhook endpoints",
    summary: "Resend a delivery",
    description: "Sends one delivery again now.",
    response: { status: 200, schema: ref("WebhookDelivery"), description: "The delivery." },
  },
];

const tags = [
  { name: "Invoices", description: "Ask a customer for a payment and follow it to the end." },
  { name: "Networks", description: "The networks and assets customers can pay with." },
  { name: "Events", description: "Everything that happened, as webhooks deliver it." },
  { name: "Webhook endpoints", description: "Where events are sent, and the log of what was sent." },
];

const componentSchemas: Record<string, z.ZodType> = {
  Invoice: invoiceResponse,
  Network: networkResponse,
  Event: eventResponse,
  WebhookEndpoint: webhookEndpointResponse,
  WebhookEndpointWithSecret: webhookEndpointWithSecretResponse,
  DeletedWebhookEndpoint: deletedWebhookEndpointResponse,
  WebhookDelivery: webhookDeliveryResponse,
  WebhookDeliveryResend: resendFailedDeliveriesResponse,
  Error: errorBody,
};

function buildOperation(spec: OperationSpec): OpenApiOperation {
  const parameters: OpenApiOperation["parameters"] = [
    ...pathParameters(spec.path),
    ...(spec.query ? queryParameters(spec.query.schema, spec.query.docs, spec.operationId) : []),
    ...(spec.method === "post" ? [{ $ref: "#/components/parameters/IdempotencyKey" }] : []),
  ];
  const errors: OpenApiOperation["responses"] = { "401": { $ref: "#/components/responses/Unauthenticated" } };
  if (spec.path.includes("{")) errors["404"] = { $ref: "#/components/responses/NotFound" };
  if (spec.method === "post") errors["409"] = { $ref: "#/components/responses/Conflict" };
  if (spec.body || spec.query || spec.method === "post") errors["422"] = { $ref: "#/components/responses/InvalidRequest" };
  if (spec.body) errors["400"] = { $ref: "#/components/responses/BadRequest" };
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    parameters,
    ...(spec.body
      ? { requestBody: { required: true as const, content: { "application/json": { schema: describeFields(jsonSchema(spec.body.schema, "input"), spec.body.docs, spec.operationId) } } } }
      : {}),
    responses: {
      [String(spec.response.status)]: { description: spec.response.description, content: { "application/json": { schema: spec.response.schema } } },
      ...errors,
    },
  };
}

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ref("Error") } } });

/** The OpenAPI 3.1 document of `/api/v1`. Built fresh on each call (it is cheap); callers may cache it. */
export function buildOpenApiDocument(): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const spec of operations) {
    const item = (paths[spec.path] ??= {});
    if (item[spec.method]) throw new Error(`OpenAPI: ${spec.method.toUpperCase()} ${spec.path} is listed twice`);
    item[spec.method] = buildOperation(spec);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Payrail API",
      version: "v1",
      description:
        "JSON in and out, snake_case fields. Amounts are decimal strings in the unit of their currency, never JSON numbers; " +
        "timestamps are ISO 8601 UTC strings. Lists are newest first and paginated with `limit`, `starting_after` and `ending_before`.",
    },
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }],
    tags,
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "`Authorization: Bearer <key>`. `sk_test_...` keys work in test mode (devnets and testnets), `sk_live_...` keys on mainnets; a key sees only its own merchant's objects of its own mode.",
        },
      },
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description:
            "Up to 255 characters. The same key with the same body returns the first response again (header `Idempotent-Replayed: true`); " +
            "with another body it is a 422 `idempotency_key_reused`; while the first request is in flight, a 409 `idempotency_key_in_use`. Kept at least 24 hours.",
          schema: { type: "string", minLength: 1, maxLength: 255 },
        },
      },
      responses: {
        BadRequest: errorResponse("The body is not JSON, or not sent as `application/json`."),
        Unauthenticated: errorResponse("The API key is missing, malformed or revoked."),
        NotFound: errorResponse("No such object for this key (`resource_missing`)."),
        Conflict: errorResponse("The object's state does not allow this, or an idempotent request with this key is still in flight."),
        InvalidRequest: errorResponse("A parameter is missing, unknown or invalid (`param` names it), or an idempotency key was reused with another body."),
      },
      schemas: Object.fromEntries(Object.entries(componentSchemas).map(([name, schema]) => [name, jsonSchema(schema, "output")])),
    },
  };
}
