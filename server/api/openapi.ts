import { z } from "zod";
import { createDocument } from "zod-openapi";
import { networksOpenApi } from "../chains/networks.openapi";
import { customersOpenApi } from "../customers/customers.openapi";
import { errorCodes } from "../errors";
import { exportsOpenApi } from "../exports/exports.openapi";
import { invoicesOpenApi } from "../invoices/invoices.openapi";
import { invoiceSchedulesOpenApi } from "../schedules/invoice-schedules.openapi";
import { ledgerOpenApi } from "../ledger/ledger.openapi";
import { payoutsOpenApi } from "../payouts/payouts.openapi";
import { participantsOpenApi } from "../participants/participants.openapi";
import { refundsOpenApi } from "../refunds/refunds.openapi";
import { eventsOpenApi } from "../webhooks/events.openapi";
import { webhookEndpointsOpenApi } from "../webhooks/webhook-endpoints.openapi";
import { withdrawalsOpenApi } from "../withdrawals/withdrawals.openapi";
import { pathsOf, type HttpMethod, type OpenApiSection } from "./openapi-operation";

/**
 * The OpenAPI 3.1 document of the public API (`/api/v1`), served at `GET /api/v1/openapi.json` and rendered
 * at `/docs`. Built by zod-openapi from the very zod schemas the route handlers validate with (`readBody` /
 * `readQuery`, as their input types) and the response schemas the serializers are typed by; descriptions live
 * on those schemas (`.meta`). Each domain lists its routes beside its code (`server/<domain>/*.openapi.ts`);
 * this file only assembles them with what every route shares. server/api/openapi.integration.test.ts fails
 * when a route file under app/api/v1 is missing from the document.
 */

export type { HttpMethod } from "./openapi-operation";
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
  responses: Record<
    string,
    { description: string; content?: { "application/json": { schema: JsonSchema } } } | { $ref: string }
  >;
}

/** The shape of the document as built below (zod-openapi types it loosely, as any OpenAPI 3.1 document). */
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

/** In document order: the order of the tags and paths in the reference. */
const sections: OpenApiSection[] = [
  invoicesOpenApi,
  invoiceSchedulesOpenApi,
  ledgerOpenApi,
  payoutsOpenApi,
  participantsOpenApi,
  customersOpenApi,
  refundsOpenApi,
  withdrawalsOpenApi,
  exportsOpenApi,
  networksOpenApi,
  eventsOpenApi,
  webhookEndpointsOpenApi,
];

const errorTypes = [...new Set(Object.values(errorCodes).map((c) => c.type))] as [string, ...string[]];
const errorCodeNames = Object.keys(errorCodes) as [string, ...string[]];

/** The error body of every 4xx (and the opaque 500): see errorResponse in ./rest.ts. */
const errorBody = z.object({
  error: z.object({
    type: z.enum(errorTypes).meta({ description: "The kind of error; the `code` says which." }),
    code: z
      .enum(errorCodeNames)
      .meta({ description: "A stable, machine-readable code: branch on it, not on `message`." }),
    message: z.string().meta({ description: "A human-readable explanation; its words may change." }),
    param: z
      .string()
      .optional()
      .meta({ description: "The request parameter the error is about, when it is about one." }),
  }),
});

/** The header withIdempotency (./idempotency/with-idempotency.ts) reads on every POST. */
const idempotencyKeyHeader = z
  .string()
  .min(1)
  .max(255)
  .optional()
  .meta({
    description:
      "Up to 255 characters. The same key with the same body returns the first response again (header `Idempotent-Replayed: true`); " +
      "with another body it is a 422 `idempotency_key_reused`; while the first request is in flight, a 409 `idempotency_key_in_use`. Kept at least 24 hours.",
    param: { in: "header", name: "Idempotency-Key" },
  });

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: errorBody } },
});

/**
 * zod-openapi copies a parameter's description into its schema too, and leaves `required: false` implicit;
 * the document keeps the description on the parameter only and says `required` on every parameter.
 */
function tidyParameter(parameter: Record<string, unknown>): void {
  if ("$ref" in parameter) return;
  const schema = parameter.schema as JsonSchema | undefined;
  if (schema && typeof schema.description === "string") {
    parameter.description ??= schema.description;
    delete schema.description;
  }
  parameter.required ??= false;
}

/** The OpenAPI 3.1 document of `/api/v1`. Built fresh on each call (it is cheap); callers may cache it. */
export function buildOpenApiDocument(): OpenApiDocument {
  const operations = sections.flatMap((section) => section.operations);
  const document = createDocument({
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
    tags: sections.flatMap((section) => section.tags),
    paths: pathsOf(operations),
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description:
            "`Authorization: Bearer <key>`. `sk_test_...` keys work in test mode (devnets and testnets), `sk_live_...` keys on mainnets; " +
            "a key sees only its own merchant's objects of its own mode.",
        },
      },
      parameters: { IdempotencyKey: idempotencyKeyHeader },
      responses: {
        BadRequest: errorResponse("The body is not JSON, or not sent as `application/json`."),
        Unauthenticated: errorResponse("The API key is missing, malformed or revoked."),
        NotFound: errorResponse("No such object for this key (`resource_missing`)."),
        Conflict: errorResponse(
          "The object's state does not allow this, or an idempotent request with this key is still in flight.",
        ),
        InvalidRequest: errorResponse(
          "A parameter is missing, unknown or invalid (`param` names it), or an idempotency key was reused with another body.",
        ),
      },
      schemas: { ...Object.assign({}, ...sections.map((section) => section.schemas)), Error: errorBody },
    },
  }) as unknown as OpenApiDocument;
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item))
      for (const parameter of op.parameters ?? []) tidyParameter(parameter as Record<string, unknown>);
  }
  for (const parameter of Object.values(document.components.parameters))
    tidyParameter(parameter as unknown as Record<string, unknown>);
  return document;
}
