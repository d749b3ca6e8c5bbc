import { errorResponse, readQuery } from "@/server/api/rest";
import { can } from "@/server/auth/permissions";
import { readSession } from "@/server/auth/session";
import { db } from "@/server/db";
import { pgPool } from "@/server/db/pg-pool";
import { AppError } from "@/server/errors";
import { exportQuery } from "@/server/exports/export.schema";
import {
  csvHeaders,
  exportFileName,
  exportFilters,
  parseExportFile,
  streamExport,
} from "@/server/exports/stream-export";
import { findMembershipBySlug } from "@/server/team/find-membership-by-slug";

type Params = { merchant: string; mode: string; file: string };

// GET /dashboard/{slug}/{test|live}/exports/{kind}.csv: the API's export for a signed-in member who may
// download exports (the session decides, not an API key); same stream, same filters, same errors.
export async function GET(request: Request, context: { params: Promise<Params> }): Promise<Response> {
  try {
    const { merchant: slug, mode, file } = await context.params;
    const session = await readSession(request.headers);
    if (!session) throw new AppError("unauthenticated", "Sign in to download exports.");
    const membership =
      mode === "test" || mode === "live" ? await findMembershipBySlug(db(), { userId: session.userId, slug }) : null;
    if (!membership) throw new AppError("resource_missing", "No such merchant.");
    if (!can(membership.role, "exports:read"))
      throw new AppError("forbidden", `The ${membership.role} role cannot download exports.`);
    const kind = parseExportFile(file);
    const filters = exportFilters({
      merchantId: membership.merchant.id,
      livemode: mode === "live",
      query: readQuery(request, exportQuery),
    });
    return new Response(streamExport(pgPool(), { kind, filters }), {
      status: 200,
      headers: csvHeaders(exportFileName(kind, filters)),
    });
  } catch (error) {
    return errorResponse(error);
  }
}
