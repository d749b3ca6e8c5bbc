import type { Db } from "../db";
import { AppError, isUniqueViolation } from "../errors";
import { randomBase62 } from "../ids";
import { payoutAddress } from "../payouts/payout-asset";
import type { CreateParticipantRequest, ParticipantResponse } from "./participant.schema";
import { serializeParticipant } from "./serialize-participant";

/** A new participant id, `prt_` and 22 base62 characters like every other id. */
export const newParticipantId = () => `prt_${randomBase62(22)}`;

/**
 * Create a marketplace participant of the merchant in one mode (`POST /api/v1/participants`), with no balance yet.
 * Errors, nothing stored: 422 `parameter_invalid` on `address` (not an address, a bad EIP-55 checksum, the zero
 * address), 409 `participant_reference_exists` when the reference is taken in this mode (the unique index decides,
 * so two racing requests cannot both win).
 */
export async function createParticipant(
  db: Db,
  opts: { merchantId: string; livemode: boolean; request: CreateParticipantRequest; now?: Date },
): Promise<ParticipantResponse> {
  const req = opts.request;
  const address = payoutAddress(req.address, "address");
  const now = opts.now ?? new Date();
  try {
    const row = await db.participant.create({
      data: {
        id: newParticipantId(),
        merchantId: opts.merchantId,
        livemode: opts.livemode,
        reference: req.reference,
        name: req.name,
        address,
        createdAt: now,
        updatedAt: now,
      },
    });
    return serializeParticipant(row, []);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("participant_reference_exists", `A participant with reference "${req.reference}" exists.`, {
        param: "reference",
        cause: error,
      });
    }
    throw error;
  }
}
