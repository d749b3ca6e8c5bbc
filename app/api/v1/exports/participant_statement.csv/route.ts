import { apiRoute, readQuery } from "@/server/api/rest";
import { db } from "@/server/db";
import { pgPool } from "@/server/db/pg-pool";
import { csvHeaders } from "@/server/exports/stream-export";
import { participantStatementStream, statementFileName } from "@/server/participants/export-participant-statement";
import { findParticipantOrThrow } from "@/server/participants/get-participant-or-throw";
import { participantStatementQuery } from "@/server/participants/participant.schema";

// GET /api/v1/exports/participant_statement.csv: one participant's ledger movements with a running balance, as CSV
export const GET = apiRoute("exports:read", async (request, auth) => {
  const query = readQuery(request, participantStatementQuery);
  const participant = await findParticipantOrThrow(db(), {
    id: query.participant,
    merchantId: auth.merchantId,
    livemode: auth.livemode,
    param: "participant",
  });
  const opts = {
    merchantId: auth.merchantId,
    livemode: auth.livemode,
    participantId: participant.id,
    createdGte: query.created_gte,
    createdLt: query.created_lt,
  };
  const stream = await participantStatementStream(pgPool(), opts);
  return new Response(stream, { status: 200, headers: csvHeaders(statementFileName(opts)) });
});
