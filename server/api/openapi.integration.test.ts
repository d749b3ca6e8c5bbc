import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET as openApiRoute } from "@/app/api/v1/openapi.json/route";
import { buildOpenApiDocument, type JsonSchema } from "./openapi";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
const API_DIR = path.resolve(import.meta.dirname, "../../app/api/v1");

/** Every route.ts under app/api/v1, with its URL path (`[id]` → `{id}`). */
function routeFiles(dir = API_DIR): { file: string; urlPath: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    if (entry.name !== "route.ts") return [];
    const segments = path.relative(API_DIR, dir).split(path.sep).filter(Boolean);
    const urlPath = ["/api/v1", ...segments.map((s) => s.replace(/^\[([^.\]]+)\]$/, "{$1}"))].join("/");
    return [{ file: full, urlPath }];
  });
}

/** The HTTP methods a route file exports: `export const GET`, `export (async) function POST`, `export { x as DELETE }`. */
function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(/export\s+(?:const|let|async\s+function|function)\s+([A-Z]+)\b/g))
    found.add(match[1] ?? "");
  for (const match of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of (match[1] ?? "").split(",")) {
      const name =
        part
          .trim()
          .split(/\s+as\s+/)
          .pop()
          ?.trim() ?? "";
      found.add(name);
    }
  }
  return [...found].filter((name) => (METHODS as readonly string[]).includes(name)).sort();
}

describe("OpenAPI document", () => {
  const doc = buildOpenApiDocument();
  const routes = routeFiles()
    .filter(({ urlPath }) => !urlPath.includes("[...") && urlPath !== "/api/v1/openapi.json")
    .map((route) => ({ ...route, methods: exportedMethods(readFileSync(route.file, "utf8")) }));

  it("finds the route files and their handlers", () => {
    expect(routes.length).toBeGreaterThanOrEqual(10);
    expect(routes.find((r) => r.urlPath === "/api/v1/invoices")?.methods).toEqual(["GET", "POST"]);
    expect(routes.find((r) => r.urlPath === "/api/v1/webhook_endpoints/{id}")?.methods).toEqual([
      "DELETE",
      "GET",
      "POST",
    ]);
    expect(exportedMethods("export { notFound as GET, notFound as POST };\nexport async function DELETE() {}")).toEqual(
      ["DELETE", "GET", "POST"],
    );
    for (const route of routes) expect(route.methods, route.file).not.toEqual([]);
  });

  it("documents every method of every route, at the route's path", () => {
    const missing = routes.flatMap(({ urlPath, methods }) =>
      methods
        .filter((method) => !doc.paths[urlPath]?.[method.toLowerCase() as "get"])
        .map((method) => `${method} ${urlPath}`),
    );
    expect(missing).toEqual([]);
  });

  it("documents no operation that no route serves", () => {
    const served = new Set(routes.flatMap(({ urlPath, methods }) => methods.map((m) => `${m} ${urlPath}`)));
    const documented = Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(documented.filter((op) => !served.has(op))).toEqual([]);
  });

  it("gives every POST the Idempotency-Key header and every operation the error responses", () => {
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (method === "post")
          expect(operation.parameters, `${method} ${p}`).toContainEqual({
            $ref: "#/components/parameters/IdempotencyKey",
          });
        expect(operation.responses["401"], `${method} ${p}`).toBeDefined();
      }
    }
    expect(doc.components.parameters.IdempotencyKey).toMatchObject({
      name: "Idempotency-Key",
      in: "header",
      schema: { maxLength: 255 },
    });
    const error = doc.components.schemas.Error as { properties: { error: { required: string[] } } };
    expect(error.properties.error.required).toEqual(["type", "code", "message"]);
  });

  it("converts the invoice create body from the validating schema: amount and currency required, nothing else accepted", () => {
    const schema = doc.paths["/api/v1/invoices"]?.post?.requestBody?.content["application/json"].schema as JsonSchema;
    expect(schema.type).toBe("object");
    expect(schema.required).toEqual(expect.arrayContaining(["amount", "currency"]));
    expect(schema.required).toHaveLength(2);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties as object)).toEqual(
      expect.arrayContaining(["amount", "currency", "metadata", "payment_methods", "expires_in"]),
    );
  });

  it("documents list envelopes and query parameters", () => {
    const list = doc.paths["/api/v1/invoices"]?.get;
    expect(list?.responses["200"]).toMatchObject({
      content: {
        "application/json": {
          schema: {
            properties: {
              object: { const: "list" },
              data: { items: { $ref: "#/components/schemas/Invoice" } },
              has_more: { type: "boolean" },
            },
          },
        },
      },
    });
    const names = (list?.parameters ?? []).map((p) => ("name" in p ? p.name : p.$ref));
    expect(names).toEqual(
      expect.arrayContaining([
        "limit",
        "starting_after",
        "ending_before",
        "status",
        "order_id",
        "created_gte",
        "created_lt",
      ]),
    );
  });

  it("resolves every $ref", () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const [, , kind, name] = ref.slice(8, -1).split("/");
      expect((doc.components as Record<string, Record<string, unknown>>)[kind ?? ""]?.[name ?? ""], ref).toBeDefined();
    }
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("answers 200 with the document, publicly cacheable, without an API key", async () => {
    const res = openApiRoute();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
    const body = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(body.openapi).toBe("3.1.0");
    expect(body.paths["/api/v1/invoices/{id}/resolve"]).toBeDefined();
  });
});
