import { apiRoute, readQuery } from "@/server/api/rest";
import { pgPool } from "@/server/db/pg-pool";
import { exportQuery } from "@/server/exports/export.schema";
import {
  csvHeaders,
  exportFileName,
  exportFilters,
  parseExportFile,
  streamExport,
} from "@/server/exports/stream-export";

// GET /api/v1/exports/{kind}.csv: the merchant's rows of one kind in this mode, streamed as CSV, oldest first
export const GET = apiRoute<{ file: string }>("exports:read", async (request, auth, { file }) => {
  const kind = parseExportFile(file);
  const filters = exportFilters({
    merchantId: auth.merchantId,
    livemode: auth.livemode,
    query: readQuery(request, exportQuery),
  });
  return new Response(streamExport(pgPool(), { kind, filters }), {
    status: 200,
    headers: csvHeaders(exportFileName(kind, filters)),
  });
});
