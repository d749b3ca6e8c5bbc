import { z } from "zod";
import type { OpenApiSection } from "../api/openapi-operation";
import { exportKinds, exportQuery } from "./export.schema";

/** The exports route of the public API (app/api/v1/exports/[file]), as server/api/openapi.ts documents it. */
export const exportsOpenApi: OpenApiSection = {
  tags: [
    {
      name: "Exports",
      description: "CSV files of invoices, payments and balance transactions, and bank-statement presets.",
    },
  ],
  schemas: {},
  operations: [
    {
      method: "get",
      path: "/api/v1/exports/{file}",
      operationId: "downloadExport",
      tag: "Exports",
      summary: "Download an export",
      description:
        `\`{file}\` is one of ${exportKinds.map((k) => `\`${k}.csv\``).join(", ")}; any other is a 404. Streamed ` +
        "`text/csv; charset=utf-8` with a UTF-8 BOM and a header row, oldest first, any size. Amounts are decimal strings " +
        "(balance transactions signed), times UTC ISO 8601; a text cell starting with `=`, `+`, `-` or `@` is prefixed with `'`. " +
        "`xero` (`Date, Amount, Payee, Description, Reference`, DD/MM/YYYY) and `quickbooks` (`Date, Description, Amount`, " +
        "MM/DD/YYYY) list posted balance transactions for a bank-statement import: export one network and asset per file.",
      query: exportQuery,
      response: {
        status: 200,
        contentType: "text/csv",
        schema: z.string().meta({ description: "The CSV file." }),
        description: "The CSV file (`Content-Disposition: attachment`).",
      },
    },
  ],
};
