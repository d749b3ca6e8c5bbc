import { SqlParams, type KeysetQuery } from "./keyset-pages";

/** What every export is narrowed by: the merchant and mode (always), a creation-time range and a network and asset. */
export interface ExportFilters {
  merchantId: string;
  livemode: boolean;
  /** At or after (inclusive). */
  createdGte?: Date;
  /** Before (exclusive). */
  createdLt?: Date;
  network?: string;
  asset?: string;
}

/** The time-range conditions on `time`, added to `where`. */
export function timeRange(where: string[], params: SqlParams, time: string, filters: ExportFilters): void {
  if (filters.createdGte) where.push(`${time} >= ${params.add(filters.createdGte)}`);
  if (filters.createdLt) where.push(`${time} < ${params.add(filters.createdLt)}`);
}

/** A keyset query over rows that carry their own network and asset columns. */
export function scopedQuery(
  opts: { select: string; from: string; scope: string[]; time: string; id: string; network: string; asset: string },
  params: SqlParams,
  filters: ExportFilters,
): KeysetQuery {
  const where = [...opts.scope];
  if (filters.network) where.push(`${opts.network} = ${params.add(filters.network)}`);
  if (filters.asset) where.push(`${opts.asset} = ${params.add(filters.asset)}`);
  timeRange(where, params, opts.time, filters);
  return { select: opts.select, from: opts.from, where, params, time: opts.time, id: opts.id };
}
