import { z } from "zod";
import { invoiceStatuses } from "../invoices/invoice.schema";
import { listParams } from "../db/pagination";

/** One period of a schedule as the dashboard shows it: its invoice, or why it was skipped. */
export const scheduleRunRow = z.object({
  /** The period number as a string: the list's cursor. */
  id: z.string(),
  period: z.number().int(),
  status: z.enum(["created", "skipped"]),
  skipReason: z.enum(["missed", "paused"]).nullable(),
  dueAt: z.date(),
  createdAt: z.date(),
  invoice: z
    .object({
      id: z.string(),
      status: z.enum(invoiceStatuses),
      amount: z.string(),
      currency: z.string(),
      orderId: z.string().nullable(),
    })
    .nullable(),
});
export type ScheduleRunRow = z.infer<typeof scheduleRunRow>;

/** A page of a schedule's periods, latest first; `starting_after` / `ending_before` are period numbers. */
export const scheduleRunsQuery = listParams;
