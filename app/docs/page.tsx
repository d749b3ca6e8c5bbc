import type { Metadata } from "next";
import type { ReactNode } from "react";
import {
  buildOpenApiDocument,
  type HttpMethod,
  type JsonSchema,
  type OpenApiDocument,
  type OpenApiOperation,
  type OpenApiParameter,
} from "@/server/api/openapi";

export const metadata: Metadata = { title: "API reference" };

/**
 * The public API reference: a server-rendered view of the OpenAPI document (server/api/openapi.ts),
 * itself generated from the zod schemas the routes validate with. No client JavaScript, no database.
 */

const METHODS: HttpMethod[] = ["get", "post", "delete"];
const SAFE_INT = 9007199254740991;

interface Row {
  name: string;
  depth: number;
  type: ReactNode;
  required: boolean;
  description: string | undefined;
  notes: string[];
}

const refName = (ref: string) => ref.split("/").pop() ?? ref;

function SchemaLink({ name }: { name: string }) {
  return (
    <a href={`#schema-${name}`} className="text-accent underline-offset-2 hover:underline">
      {name}
    </a>
  );
}

/** A short type label: `string | null`, `array of Invoice`, `"invoice"`, `map of string`. */
function typeLabel(schema: JsonSchema): ReactNode {
  if (typeof schema.$ref === "string") return <SchemaLink name={refName(schema.$ref)} />;
  if ("const" in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.anyOf)) {
    const parts = (schema.anyOf as JsonSchema[]).map((s) => typeLabel(s));
    return parts.map((part, i) => (
      <span key={i}>
        {i > 0 ? " | " : ""}
        {part}
      </span>
    ));
  }
  if (Array.isArray(schema.type)) {
    const [main, ...rest] = schema.type as string[];
    return (
      <>
        {typeLabel({ ...schema, type: main })}
        {rest.map((t) => ` | ${t}`).join("")}
      </>
    );
  }
  if (schema.type === "array") return <>array of {typeLabel((schema.items as JsonSchema | undefined) ?? {})}</>;
  if (schema.type === "object" && !schema.properties && typeof schema.additionalProperties === "object") {
    return <>map of {typeLabel(schema.additionalProperties as JsonSchema)}</>;
  }
  if (Array.isArray(schema.enum)) return "enum";
  if (typeof schema.type === "string") return typeof schema.format === "string" ? `${schema.type} (${schema.format})` : schema.type;
  return "any";
}

/** Constraints worth reading: allowed values, lengths, ranges, defaults. */
function notes(schema: JsonSchema): string[] {
  const out: string[] = [];
  const inner = Array.isArray(schema.anyOf) ? ((schema.anyOf as JsonSchema[]).find((s) => s.type !== "null") ?? schema) : schema;
  const items = inner.type === "array" ? ((inner.items as JsonSchema | undefined) ?? {}) : undefined;
  const values = (inner.enum ?? items?.enum) as unknown[] | undefined;
  if (values) out.push(`One of ${values.map((v) => JSON.stringify(v)).join(", ")}.`);
  const range = (lo: unknown, hi: unknown, unit: string) => {
    const min = typeof lo === "number" && lo > -SAFE_INT ? lo : undefined;
    const max = typeof hi === "number" && hi < SAFE_INT ? hi : undefined;
    if (min !== undefined && max !== undefined) out.push(`${unit}${min}-${max}.`);
    else if (min !== undefined) out.push(`${unit}at least ${min}.`);
    else if (max !== undefined) out.push(`${unit}at most ${max}.`);
  };
  range(inner.minLength, inner.maxLength, "Length ");
  range(inner.minimum, inner.maximum, "");
  range(inner.minItems, inner.maxItems, "Items: ");
  if (typeof inner.pattern === "string" && !inner.format && inner.pattern.length <= 60) out.push(`Pattern ${inner.pattern}`);
  if ("default" in inner) out.push(`Default ${JSON.stringify(inner.default)}.`);
  return out;
}

/** The fields of an object schema as table rows, nested objects (and arrays of objects) indented below their field. */
function fieldRows(schema: JsonSchema, depth = 0, prefix = ""): Row[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(properties).flatMap(([name, property]) => {
    const row: Row = {
      name: `${prefix}${name}`,
      depth,
      type: typeLabel(property),
      required: required.has(name),
      description: typeof property.description === "string" ? property.description : undefined,
      notes: notes(property),
    };
    const items = property.type === "array" ? (property.items as JsonSchema | undefined) : undefined;
    if (property.properties) return [row, ...fieldRows(property, depth + 1, `${prefix}${name}.`)];
    if (items?.properties) return [row, ...fieldRows(items, depth + 1, `${prefix}${name}[].`)];
    return [row];
  });
}

/** Inline `code` spans in the document's descriptions. */
function Prose({ children }: { children: string }) {
  return (
    <>
      {children.split(/(`[^`]+`)/).map((part, i) =>
        part.startsWith("`") && part.endsWith("`") ? (
          <code key={i} className="rounded bg-muted px-1 py-0.5 font-mono text-[0.85em]">
            {part.slice(1, -1)}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

function FieldTable({ rows, label }: { rows: Row[]; label: string }) {
  if (rows.length === 0) return <p className="text-sm text-muted-foreground">No fields.</p>;
  return (
    <div className="overflow-x-auto rounded-md border">
      <table className="w-full min-w-[44rem] text-left text-sm">
        <caption className="sr-only">{label}</caption>
        <thead className="bg-muted/60 text-xs uppercase tracking-wide text-muted-foreground">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Name</th>
            <th scope="col" className="px-3 py-2 font-medium">Type</th>
            <th scope="col" className="px-3 py-2 font-medium">Required</th>
            <th scope="col" className="px-3 py-2 font-medium">Description</th>
          </tr>
        </thead>
        <tbody className="divide-y">
          {rows.map((row) => (
            <tr key={row.name} className="align-top">
              <td className="whitespace-nowrap px-3 py-2 font-mono text-[13px]" style={{ paddingLeft: `${0.75 + row.depth * 1.25}rem` }}>
                {row.name}
              </td>
              <td className="whitespace-nowrap px-3 py-2 font-mono text-[13px] text-muted-foreground">{row.type}</td>
              <td className="px-3 py-2">
                {row.required ? (
                  <span className="text-xs font-medium">Required</span>
                ) : (
                  <span className="text-xs text-muted-foreground">Optional</span>
                )}
              </td>
              <td className="px-3 py-2 text-muted-foreground">
                {row.description ? <Prose>{row.description}</Prose> : null}
                {row.notes.length > 0 ? <span className="block break-all text-xs">{row.notes.join(" ")}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MethodBadge({ method }: { method: HttpMethod }) {
  const tone =
    method === "post" ? "bg-accent/10 text-accent" : method === "delete" ? "bg-red-500/10 text-red-700 dark:text-red-400" : "bg-muted text-foreground";
  return <span className={`inline-block w-16 shrink-0 rounded px-1.5 py-0.5 text-center font-mono text-xs font-semibold uppercase ${tone}`}>{method}</span>;
}

function resolveParameter(doc: OpenApiDocument, parameter: OpenApiParameter | { $ref: string }): OpenApiParameter | undefined {
  return "$ref" in parameter ? doc.components.parameters[refName(parameter.$ref)] : parameter;
}

function parameterRows(doc: OpenApiDocument, operation: OpenApiOperation): Row[] {
  return operation.parameters.flatMap((p) => {
    const parameter = resolveParameter(doc, p);
    if (!parameter) return [];
    return [{
      name: parameter.name,
      depth: 0,
      type: <>{typeLabel(parameter.schema)} <span className="text-xs">· {parameter.in}</span></>,
      required: parameter.required,
      description: parameter.description,
      notes: notes(parameter.schema),
    }];
  });
}

/** "Returns an Invoice" / "Returns a list of Invoice objects" for a 2xx response schema. */
function Returns({ schema }: { schema: JsonSchema }) {
  if (typeof schema.$ref === "string") {
    const name = refName(schema.$ref);
    return <>Returns {/^[AEIOU]/.test(name) ? "an" : "a"} <SchemaLink name={name} /> object.</>;
  }
  const data = (schema.properties as Record<string, JsonSchema> | undefined)?.data;
  const item = data?.items as JsonSchema | undefined;
  if (typeof item?.$ref === "string") {
    return (
      <>
        Returns a list of <SchemaLink name={refName(item.$ref)} /> objects:{" "}
        <code className="rounded bg-muted px-1 py-0.5 font-mono text-[0.85em]">{`{ object: "list", data: [...], has_more }`}</code>
      </>
    );
  }
  return <>Returns an object.</>;
}

function Operation({ doc, method, path, operation }: { doc: OpenApiDocument; method: HttpMethod; path: string; operation: OpenApiOperation }) {
  const params = parameterRows(doc, operation);
  const body = operation.requestBody?.content["application/json"].schema;
  const responses = Object.entries(operation.responses);
  return (
    <section id={operation.operationId} className="scroll-mt-6 rounded-lg border bg-card p-4 text-card-foreground shadow-sm sm:p-5">
      <h3 className="text-base font-semibold">{operation.summary}</h3>
      <p className="mt-2 flex items-center gap-2 overflow-x-auto">
        <MethodBadge method={method} />
        <code className="font-mono text-sm">{path}</code>
      </p>
      {operation.description ? (
        <p className="mt-3 text-sm text-muted-foreground">
          <Prose>{operation.description}</Prose>
        </p>
      ) : null}
      {params.length > 0 ? (
        <div className="mt-5">
          <h4 className="mb-2 text-sm font-semibold">Parameters</h4>
          <FieldTable rows={params} label={`${operation.summary}: parameters`} />
        </div>
      ) : null}
      {body ? (
        <div className="mt-5">
          <h4 className="mb-2 text-sm font-semibold">
            Request body <span className="font-normal text-muted-foreground">· application/json{body.additionalProperties === false ? ", unknown fields refused" : ""}</span>
          </h4>
          <FieldTable rows={fieldRows(body)} label={`${operation.summary}: request body`} />
        </div>
      ) : null}
      <div className="mt-5">
        <h4 className="mb-2 text-sm font-semibold">Responses</h4>
        <ul className="space-y-1.5 text-sm">
          {responses.map(([status, response]) => {
            const resolved = "$ref" in response ? doc.components.responses[refName(response.$ref)] : response;
            const schema = resolved?.content?.["application/json"].schema;
            const ok = status.startsWith("2");
            return (
              <li key={status} className="flex gap-3">
                <span className={`w-10 shrink-0 font-mono font-semibold ${ok ? "text-green-700 dark:text-green-400" : "text-muted-foreground"}`}>{status}</span>
                <span className={ok ? "" : "text-muted-foreground"}>
                  {ok && schema ? <Returns schema={schema} /> : <Prose>{resolved?.description ?? ""}</Prose>}
                  {!ok ? <> <SchemaLink name="Error" /></> : null}
                </span>
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}

export default function DocsPage() {
  const doc = buildOpenApiDocument();
  const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ path, method, operation }] : [];
    }),
  );
  const byTag = doc.tags.map((tag) => ({ ...tag, operations: operations.filter((o) => o.operation.tags.includes(tag.name)) }));
  const authDescription = doc.components.securitySchemes.bearerAuth?.description;
  const auth = typeof authDescription === "string" ? authDescription : undefined;

  return (
    <div className="mx-auto flex max-w-6xl gap-10 px-5 py-10">
      <nav aria-label="API reference" className="sticky top-10 hidden max-h-[calc(100dvh-5rem)] w-56 shrink-0 overflow-y-auto text-sm lg:block">
        <p className="font-semibold">Payrail API</p>
        {byTag.map((tag) => (
          <div key={tag.name} className="mt-5">
            <p className="text-xs font-semibold uppercase tracking-wide text-muted-foreground">{tag.name}</p>
            <ul className="mt-2 space-y-1">
              {tag.operations.map(({ operation }) => (
                <li key={operation.operationId}>
                  <a href={`#${operation.operationId}`} className="block rounded px-2 py-1 text-muted-foreground hover:bg-muted hover:text-foreground">
                    {operation.summary}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ))}
        <p className="mt-5 text-xs font-semibold uppercase tracking-wide text-muted-foreground">Objects</p>
        <ul className="mt-2 space-y-1">
          {Object.keys(doc.components.schemas).map((name) => (
            <li key={name}>
              <a href={`#schema-${name}`} className="block rounded px-2 py-1 font-mono text-[13px] text-muted-foreground hover:bg-muted hover:text-foreground">
                {name}
              </a>
            </li>
          ))}
        </ul>
      </nav>

      <main className="min-w-0 flex-1">
        <header className="border-b pb-8">
          <p className="text-sm font-semibold text-accent">API reference · {doc.info.version}</p>
          <h1 className="mt-1 text-3xl font-semibold tracking-tight">{doc.info.title}</h1>
          <p className="mt-3 max-w-3xl text-sm text-muted-foreground">
            <Prose>{doc.info.description}</Prose>
          </p>
          {auth ? (
            <p className="mt-3 max-w-3xl text-sm text-muted-foreground">
              <span className="font-medium text-foreground">Authentication. </span>
              <Prose>{auth}</Prose>
            </p>
          ) : null}
          <p className="mt-3 max-w-3xl text-sm text-muted-foreground">
            <span className="font-medium text-foreground">Errors. </span>
            Every 4xx answers <code className="rounded bg-muted px-1 py-0.5 font-mono text-[0.85em]">{`{ "error": { "type", "code", "message", "param"? } }`}</code>; see{" "}
            <SchemaLink name="Error" />. Every POST accepts an <code className="rounded bg-muted px-1 py-0.5 font-mono text-[0.85em]">Idempotency-Key</code> header.
          </p>
          <p className="mt-5">
            <a
              href="/api/v1/openapi.json"
              className="inline-flex items-center rounded-md border bg-card px-3 py-1.5 text-sm font-medium shadow-sm hover:bg-muted"
            >
              OpenAPI 3.1 document (openapi.json)
            </a>
          </p>
        </header>

        {byTag.map((tag) => (
          <section key={tag.name} aria-labelledby={`tag-${tag.name}`} className="mt-10">
            <h2 id={`tag-${tag.name}`} className="text-xl font-semibold tracking-tight">{tag.name}</h2>
            <p className="mt-1 text-sm text-muted-foreground">{tag.description}</p>
            <div className="mt-5 space-y-6">
              {tag.operations.map(({ path, method, operation }) => (
                <Operation key={operation.operationId} doc={doc} method={method} path={path} operation={operation} />
              ))}
            </div>
          </section>
        ))}

        <section aria-labelledby="objects" className="mt-12">
          <h2 id="objects" className="text-xl font-semibold tracking-tight">Objects</h2>
          <div className="mt-5 space-y-6">
            {Object.entries(doc.components.schemas).map(([name, schema]) => (
              <section key={name} id={`schema-${name}`} className="scroll-mt-6 rounded-lg border bg-card p-4 text-card-foreground shadow-sm sm:p-5">
                <h3 className="mb-3 font-mono text-base font-semibold">{name}</h3>
                <FieldTable rows={fieldRows(schema)} label={`${name} fields`} />
              </section>
            ))}
          </div>
        </section>
      </main>
    </div>
  );
}
