import type { DbClient } from "../db";
import type { InvoiceStatus } from "./invoice.schema";
import { formatDecimal } from "../money";
import type { OverviewStats } from "./overview-stats.schema";

const DAY_MS = 86_400_000;

/**
 * Counts and paid volume per UTC day for the merchant's invoices in one mode, and what needs
 * attention: invoices in review and (with `includeEndpoints`) webhook endpoints that are failing or
 * were disabled. Sums are
 * done by PostgreSQL on the base-unit decimals and formatted exactly.
 */
export async function getOverviewStats(
  tx: DbClient,
  opts: { merchantId: string; livemode: boolean; days: number; includeEndpoints: boolean; now?: Date },
): Promise<OverviewStats> {
  const now = opts.now ?? new Date();
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(todayStart - (opts.days - 1) * DAY_MS);
  const days = Array.from({ length: opts.days }, (_, i) =>
    new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10),
  );

  const [counts, volume, review, open, failing] = await Promise.all([
    tx.$queryRaw<{ day: string; status: InvoiceStatus; n: bigint }[]>`
      SELECT to_char(date_trunc('day', created_at), 'YYYY-MM-DD') AS day, status::text AS status, count(*) AS n
        FROM invoices WHERE merchant_id = ${opts.merchantId} AND livemode = ${opts.livemode} AND created_at >= ${since}
       GROUP BY 1, 2`,
    tx.$queryRaw<{ day: string; currency: string; decimals: number; total: string }[]>`
      SELECT to_char(date_trunc('day', paid_at), 'YYYY-MM-DD') AS day, currency, currency_decimals AS decimals, sum(amount_paid)::text AS total
        FROM invoices WHERE merchant_id = ${opts.merchantId} AND livemode = ${opts.livemode} AND status = 'paid' AND paid_at >= ${since}
       GROUP BY 1, 2, 3`,
    tx.invoice.count({ where: { merchantId: opts.merchantId, livemode: opts.livemode, status: "review_required" } }),
    tx.invoice.count({
      where: {
        merchantId: opts.merchantId,
        livemode: opts.livemode,
        status: { in: ["created", "pending", "partially_paid"] },
      },
    }),
    // Endpoints are for those who may see webhooks; others get none rather than a hidden list.
    !opts.includeEndpoints
      ? []
      : tx.webhookEndpoint.findMany({
          where: {
            merchantId: opts.merchantId,
            livemode: opts.livemode,
            deletedAt: null,
            OR: [{ failingSince: { not: null } }, { enabled: false, disabledReason: { not: null } }],
          },
          select: { id: true, url: true, failingSince: true, enabled: true },
          take: 10,
        }),
  ]);

  const byDay = new Map(days.map((d) => [d, {} as Partial<Record<InvoiceStatus, number>>]));
  let created = 0;
  let paid = 0;
  for (const row of counts) {
    const entry = byDay.get(row.day);
    if (!entry) continue;
    entry[row.status] = Number(row.n);
    created += Number(row.n);
    if (row.status === "paid") paid += Number(row.n);
  }
  return {
    days,
    countsByDay: days.map((day) => ({ day, counts: byDay.get(day)! })),
    volumeByDay: volume.map((v) => ({
      day: v.day,
      currency: v.currency,
      amount: formatDecimal(BigInt(v.total), v.decimals, 2),
    })),
    totals: { created, paid, review, open },
    failingEndpoints: failing.map((e) => ({
      id: e.id,
      url: e.url,
      failingSince: e.failingSince,
      disabled: !e.enabled,
    })),
  };
}
