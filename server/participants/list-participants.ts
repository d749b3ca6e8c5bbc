import type { DbClient } from "../db";
import { paginate } from "../db/pagination";
import { participantBalances } from "./participant-balances";
import type { ListParticipantsQuery, ParticipantResponse } from "./participant.schema";
import { serializeParticipant } from "./serialize-participant";

/** One page of the merchant's participants in this mode, newest first, with their balances (two queries a page). */
export async function listParticipants(
  db: DbClient,
  opts: { merchantId: string; livemode: boolean; query: ListParticipantsQuery },
): Promise<{ object: "list"; data: ParticipantResponse[]; has_more: boolean }> {
  const scope = {
    merchantId: opts.merchantId,
    livemode: opts.livemode,
    ...(opts.query.reference ? { reference: opts.query.reference } : {}),
  };
  const page = await paginate(
    opts.query,
    (id) =>
      db.participant.findFirst({
        where: { id, merchantId: opts.merchantId, livemode: opts.livemode },
        select: { id: true, createdAt: true },
      }),
    ({ cursor, order, take }) =>
      db.participant.findMany({ where: { ...scope, ...cursor }, orderBy: [{ createdAt: order }, { id: order }], take }),
  );
  const balances = await participantBalances(db, { ...opts, participantIds: page.data.map((p) => p.id) });
  return {
    object: "list",
    data: page.data.map((p) => serializeParticipant(p, balances.get(p.id) ?? [])),
    has_more: page.has_more,
  };
}
