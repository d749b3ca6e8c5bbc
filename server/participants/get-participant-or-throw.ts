import type { DbClient } from "../db";
import { AppError } from "../errors";
import type { Participant } from "../generated/prisma/client";
import { participantBalances } from "./participant-balances";
import type { ParticipantResponse } from "./participant.schema";
import { serializeParticipant } from "./serialize-participant";

/**
 * The merchant's participant row in this mode; another merchant's or mode's is a 404 `resource_missing` on `param`
 * (the API never tells that it exists).
 */
export async function findParticipantOrThrow(
  db: DbClient,
  opts: { id: string; merchantId: string; livemode: boolean; param?: string },
): Promise<Participant> {
  const row = await db.participant.findFirst({
    where: { id: opts.id, merchantId: opts.merchantId, livemode: opts.livemode },
  });
  if (!row) throw new AppError("resource_missing", `No such participant: '${opts.id}'.`, { param: opts.param ?? "id" });
  return row;
}

/** The merchant's participant in this mode with its ledger balances (`GET /api/v1/participants/{id}`); else a 404. */
export async function getParticipantOrThrow(
  db: DbClient,
  opts: { id: string; merchantId: string; livemode: boolean },
): Promise<ParticipantResponse> {
  const row = await findParticipantOrThrow(db, opts);
  const balances = await participantBalances(db, { ...opts, participantIds: [row.id] });
  return serializeParticipant(row, balances.get(row.id) ?? []);
}
