import type { DbClient } from "../db";
import { paginate, type ListParams } from "../db/pagination";
import { AppError } from "../errors";
import { maskDeliveryError, maskWebhookUrl } from "../webhooks/mask-webhook-url";
import type { InvoiceDeliveryRow } from "./dashboard-invoice.schema";

/**
 * One page of the webhook deliveries of an invoice's events, newest first; another merchant's invoice is a 404.
 * Without `revealEndpoints` (a role lacking `webhooks:read`) endpoint URLs and attempt errors are masked.
 */
export async function listInvoiceDeliveries(
  tx: DbClient,
  opts: { invoiceId: string; merchantId: string; livemode: boolean; params: ListParams; revealEndpoints: boolean },
): Promise<{ data: InvoiceDeliveryRow[]; has_more: boolean }> {
  const invoice = await tx.invoice.findFirst({
    where: { id: opts.invoiceId, merchantId: opts.merchantId, livemode: opts.livemode },
    select: { id: true },
  });
  if (!invoice) throw new AppError("resource_missing", `No such invoice: '${opts.invoiceId}'.`, { param: "id" });
  const scope = { event: { invoiceId: invoice.id } };
  const page = await paginate(
    opts.params,
    (id) => tx.webhookDelivery.findFirst({ where: { ...scope, id }, select: { id: true, createdAt: true } }),
    ({ cursor, order, take }) =>
      tx.webhookDelivery.findMany({
        where: { ...scope, ...cursor },
        orderBy: [{ createdAt: order }, { id: order }],
        take,
        select: {
          id: true,
          createdAt: true,
          status: true,
          attemptCount: true,
          nextAttemptAt: true,
          event: { select: { id: true, type: true } },
          endpoint: { select: { id: true, url: true } },
          attempts: {
            orderBy: { attemptedAt: "desc" },
            take: 1,
            select: { attemptedAt: true, statusCode: true, error: true },
          },
        },
      }),
  );
  return {
    has_more: page.has_more,
    data: page.data.map(({ attempts, ...d }) => {
      const last = attempts[0] ?? null;
      if (opts.revealEndpoints) return { ...d, lastAttempt: last };
      return {
        ...d,
        endpoint: { id: d.endpoint.id, url: maskWebhookUrl(d.endpoint.url) },
        lastAttempt: last && { ...last, error: maskDeliveryError(last.error) },
      };
    }),
  };
}
