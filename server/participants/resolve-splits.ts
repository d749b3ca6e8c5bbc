import type { DbClient } from "../db";
import { AppError } from "../errors";
import { formatBasisPoints, percentToBasisPoints, WHOLE_BASIS_POINTS } from "./split-shares";

/** A split as an invoice stores it. */
export interface ResolvedSplit {
  position: number;
  participantId: string;
  /** Hundredths of a percent: 70.00% is 7000. */
  basisPoints: number;
}

/**
 * Check an invoice's `splits` against the merchant's participants in this mode and turn percents into hundredths of
 * a percent. Nothing is written. Errors: 422 `parameter_invalid` on `splits[i].percent` (not a positive percent with
 * at most two decimals) or `splits[i].participant` (named twice), 404 `resource_missing` on `splits[i].participant`
 * (no such participant of this merchant and mode: another merchant's is unknown here), 422 `parameter_invalid` on
 * `splits` when they sum to more than 100.
 */
export async function resolveSplits(
  db: DbClient,
  opts: { merchantId: string; livemode: boolean; splits: { participant: string; percent: string | number }[] },
): Promise<ResolvedSplit[]> {
  const resolved: ResolvedSplit[] = [];
  const seen = new Set<string>();
  let total = 0n;
  opts.splits.forEach((s, i) => {
    const bp = percentToBasisPoints(s.percent);
    if (bp === null || bp <= 0) {
      throw new AppError(
        "parameter_invalid",
        `Invalid splits[${i}].percent: a percent more than 0 with at most two decimals, such as "12.5".`,
        { param: `splits[${i}].percent` },
      );
    }
    if (seen.has(s.participant)) {
      throw new AppError("parameter_invalid", `Invalid splits[${i}].participant: ${s.participant} is named twice.`, {
        param: `splits[${i}].participant`,
      });
    }
    seen.add(s.participant);
    total += BigInt(bp);
    resolved.push({ position: i, participantId: s.participant, basisPoints: bp });
  });
  const found = await db.participant.findMany({
    where: { id: { in: [...seen] }, merchantId: opts.merchantId, livemode: opts.livemode },
    select: { id: true },
  });
  const known = new Set(found.map((p) => p.id));
  const missing = resolved.find((s) => !known.has(s.participantId));
  if (missing) {
    throw new AppError("resource_missing", `No such participant: '${missing.participantId}'.`, {
      param: `splits[${missing.position}].participant`,
    });
  }
  if (total > WHOLE_BASIS_POINTS) {
    throw new AppError(
      "parameter_invalid",
      `Invalid splits: the percents sum to ${formatBasisPoints(Number(total))}, more than 100.`,
      { param: "splits" },
    );
  }
  return resolved;
}
