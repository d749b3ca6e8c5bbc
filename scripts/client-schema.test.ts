import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CLIENT_SCHEMA_PATH, generateClientSchema } from "./lib/client-schema";

describe("packages/client/src/schema.d.ts", () => {
  it("is what `npm run client:generate` writes from the current OpenAPI document", async () => {
    const committed = readFileSync(CLIENT_SCHEMA_PATH, "utf8");
    // On failure: run `npm run client:generate` and commit the result with the API change.
    expect(committed === (await generateClientSchema()), "schema.d.ts is stale: run `npm run client:generate`").toBe(
      true,
    );
  });

  it("types the operations the client's README and tests use", () => {
    const committed = readFileSync(CLIENT_SCHEMA_PATH, "utf8");
    for (const operation of [
      "createInvoice",
      "retrieveInvoice",
      "listInvoices",
      "listInvoiceEvents",
      "cancelInvoice",
    ]) {
      expect(committed).toContain(`    ${operation}: {`);
    }
    expect(committed).toContain('"Idempotency-Key"?: components["parameters"]["IdempotencyKey"];');
  });
});
