import { z } from "zod";
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject, ZodOpenApiResponsesObject } from "zod-openapi";

/**
 * What each domain's `*.openapi.ts` writes about its routes under app/api/v1, and the one place that turns
 * it into OpenAPI operations with the parameters and error responses every route shares. Field descriptions
 * live on the zod schemas themselves (`.meta({ description })`); server/api/openapi.ts assembles the sections.
 */

export type HttpMethod = "get" | "post" | "delete";

export interface OperationSpec {
  method: HttpMethod;
  /** The route's URL path, `{name}` for each dynamic segment (`[name]` in app/api/v1). */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  /** The schema the route validates its JSON body with (documented as its input type). */
  body?: z.ZodType;
  /** The schema the route validates its query string with: a flat object (documented as its input type). */
  query?: z.ZodType<unknown, Record<string, unknown>>;
  /** The body's media type is JSON unless `contentType` says otherwise (the CSV exports). */
  response: { status: 200 | 201; schema: z.ZodType; description: string; contentType?: "text/csv" };
}

/** A domain's part of the document: its tags, the component schemas its responses use, and its routes. */
export interface OpenApiSection {
  tags: { name: string; description: string }[];
  /** Registered as `#/components/schemas/<name>`: wherever the same schema object appears, a `$ref` is written. */
  schemas: Record<string, z.ZodType>;
  operations: OperationSpec[];
}

/** The list envelope of every paginated (and the networks) list: `{ object: "list", data, has_more }`. */
export function listOf(name: string, item: z.ZodType) {
  return z
    .object({
      object: z.literal("list"),
      data: z.array(item),
      has_more: z.boolean().meta({ description: "Whether another page follows." }),
    })
    .meta({ description: `A page of ${name} objects, newest first unless stated otherwise.` });
}

const pathParamDocs: Record<string, string> = {
  id: "The object's id.",
  delivery_id: "The webhook delivery's id.",
  file: "The export: `{kind}.csv`.",
};

function pathParams(path: string) {
  const names = [...path.matchAll(/\{([^}]+)\}/g)].map(([, name = ""]) => name);
  if (names.length === 0) return undefined;
  return z.object(
    Object.fromEntries(names.map((name) => [name, z.string().meta({ description: pathParamDocs[name] ?? name })])),
  );
}

const responseRef = (name: string) => ({ $ref: `#/components/responses/${name}` });

function operation(spec: OperationSpec): ZodOpenApiOperationObject {
  const pathSchema = pathParams(spec.path);
  // Which errors a route can answer follows from its shape: any key can be revoked (401), an id can be unknown
  // (404), a POST can meet a state or an in-flight idempotent twin (409), input can be invalid (422), a body
  // can be malformed JSON (400).
  const errors: ZodOpenApiResponsesObject = { "401": responseRef("Unauthenticated") };
  if (pathSchema) errors["404"] = responseRef("NotFound");
  if (spec.method === "post") errors["409"] = responseRef("Conflict");
  if (spec.body || spec.query || spec.method === "post") errors["422"] = responseRef("InvalidRequest");
  if (spec.body) errors["400"] = responseRef("BadRequest");
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: [spec.tag],
    requestParams: { ...(pathSchema ? { path: pathSchema } : {}), ...(spec.query ? { query: spec.query } : {}) },
    ...(spec.method === "post" ? { parameters: [{ $ref: "#/components/parameters/IdempotencyKey" }] } : {}),
    ...(spec.body ? { requestBody: { required: true, content: { "application/json": { schema: spec.body } } } } : {}),
    responses: {
      [String(spec.response.status)]: {
        description: spec.response.description,
        content: { [spec.response.contentType ?? "application/json"]: { schema: spec.response.schema } },
      },
      ...errors,
    },
  };
}

/** The `paths` object of the given operations; an operation listed twice is a bug in the specs and throws. */
export function pathsOf(specs: readonly OperationSpec[]): ZodOpenApiPathsObject {
  const paths: ZodOpenApiPathsObject = {};
  for (const spec of specs) {
    const item = (paths[spec.path] ??= {});
    if (item[spec.method]) throw new Error(`OpenAPI: ${spec.method.toUpperCase()} ${spec.path} is listed twice`);
    item[spec.method] = operation(spec);
  }
  return paths;
}
