import { errorResponse, readQuery } from "@/server/api/rest";
import { can } from "@/server/auth/permissions";
import { readSession } from "@/server/auth/session";
import { db } from "@/server/db";
import { pgPool } from "@/server/db/pg-pool";
import { AppError } from "@/server/errors";
import { csvHeaders } from "@/server/exports/stream-export";
import { participantStatementStream, statementFileName } from "@/server/participants/export-participant-statement";
import { findParticipantOrThrow } from "@/server/participants/get-participant-or-throw";
import { participantStatementQuery } from "@/server/participants/participant.schema";
import { findMembershipBySlug } from "@/server/team/find-membership-by-slug";

type Params = { merchant: string; mode: string };

// GET /dashboard/{slug}/{test|live}/exports/participant_statement.csv?participant=: the API's participant statement
// for a signed-in member who may download exports (the session decides, not an API key); same stream, same errors.
export async function GET(request: Request, context: { params: Promise<Params> }): Promise<Response> {
  try {
    const { merchant: slug, mode } = await context.params;
    const session = await readSession(request.headers);
    if (!session) throw new AppError("unauthenticated", "Sign in to download exports.");
    const membership =
      mode === "test" || mode === "live" ? await findMembershipBySlug(db(), { userId: session.userId, slug }) : null;
    if (!membership) throw new AppError("resource_missing", "No such merchant.");
    if (!can(membership.role, "exports:read"))
      throw new AppError("forbidden", `The ${membership.role} role cannot download exports.`);
    const query = readQuery(request, participantStatementQuery);
    const livemode = mode === "live";
    const participant = await findParticipantOrThrow(db(), {
      id: query.participant,
      merchantId: membership.merchant.id,
      livemode,
      param: "participant",
    });
    const opts = {
      merchantId: membership.merchant.id,
      livemode,
      participantId: participant.id,
      createdGte: query.created_gte,
      createdLt: query.created_lt,
    };
    return new Response(await participantStatementStream(pgPool(), opts), {
      status: 200,
      headers: csvHeaders(statementFileName(opts)),
    });
  } catch (error) {
    return errorResponse(error);
  }
}
