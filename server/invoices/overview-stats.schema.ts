import { z } from "zod";
import { invoiceStatuses } from "./invoice.schema";

/** The overview's figures over the last `days` UTC days. */
export const overviewStats = z.object({
  days: z.array(z.string()),
  /** Invoices created per day, by status as they are now. */
  countsByDay: z.array(
    z.object({ day: z.string(), counts: z.partialRecord(z.enum(invoiceStatuses), z.number().int()) }),
  ),
  /** Paid volume per day and currency (decimal strings, exact). */
  volumeByDay: z.array(z.object({ day: z.string(), currency: z.string(), amount: z.string() })),
  totals: z.object({
    created: z.number().int(),
    paid: z.number().int(),
    review: z.number().int(),
    open: z.number().int(),
  }),
  failingEndpoints: z.array(
    z.object({ id: z.string(), url: z.string(), failingSince: z.date().nullable(), disabled: z.boolean() }),
  ),
});
export type OverviewStats = z.infer<typeof overviewStats>;
