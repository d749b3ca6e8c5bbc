import { z } from "zod";
import { listOf, type OpenApiSection } from "../api/openapi-operation";
import {
  createParticipantRequest,
  listParticipantsQuery,
  participantResponse,
  participantStatementQuery,
} from "./participant.schema";

const tag = "Participants";

/** The marketplace routes (app/api/v1/participants, app/api/v1/exports/participant_statement.csv). */
export const participantsOpenApi: OpenApiSection = {
  tags: [
    {
      name: tag,
      description:
        "Marketplace participants (sellers): invoices with `splits` move their shares to them when paid; payouts with " +
        "`participant` pay them from their balances.",
    },
  ],
  schemas: { Participant: participantResponse },
  operations: [
    {
      method: "post",
      path: "/api/v1/participants",
      operationId: "createParticipant",
      tag,
      summary: "Create a participant",
      description: "A `reference` used before in this mode is a 409 `participant_reference_exists`.",
      body: createParticipantRequest,
      response: { status: 201, schema: participantResponse, description: "The participant, with no balance yet." },
    },
    {
      method: "get",
      path: "/api/v1/participants",
      operationId: "listParticipants",
      tag,
      summary: "List participants",
      query: listParticipantsQuery,
      response: {
        status: 200,
        schema: listOf("Participant", participantResponse),
        description: "A list of participants.",
      },
    },
    {
      method: "get",
      path: "/api/v1/participants/{id}",
      operationId: "retrieveParticipant",
      tag,
      summary: "Retrieve a participant",
      description: "With its balances per network and asset, from the ledger.",
      response: { status: 200, schema: participantResponse, description: "The participant." },
    },
    {
      method: "get",
      path: "/api/v1/exports/participant_statement.csv",
      operationId: "downloadParticipantStatement",
      tag,
      summary: "Download a participant's statement",
      description:
        "The participant's ledger movements, oldest first: splits received, payouts, and reversals, with a running " +
        "balance per network and asset (opening with everything before `created_gte`). Amounts are decimal strings; " +
        "each row names the invoice, payment or payout and the transaction hash it comes from. Streamed " +
        "`text/csv; charset=utf-8` with a UTF-8 BOM; text cells starting with `=`, `+`, `-` or `@` are prefixed with `'`.",
      query: participantStatementQuery,
      response: {
        status: 200,
        contentType: "text/csv",
        schema: z.string().meta({ description: "The CSV file." }),
        description: "The CSV file (`Content-Disposition: attachment`).",
      },
    },
  ],
};
