import { listOf, type OpenApiSection } from "../api/openapi-operation";
import { createScheduleRequest, listSchedulesQuery, scheduleResponse } from "./invoice-schedule.schema";

const stateChange = (verb: string, summary: string, description: string) => ({
  method: "post" as const,
  path: `/api/v1/invoice_schedules/{id}/${verb}`,
  operationId: `${verb}InvoiceSchedule`,
  tag: "Invoice schedules",
  summary,
  description,
  response: { status: 200 as const, schema: scheduleResponse, description: "The invoice schedule." },
});

/** The invoice schedule routes of the public API (app/api/v1/invoice_schedules), as server/api/openapi.ts documents them. */
export const invoiceSchedulesOpenApi: OpenApiSection = {
  tags: [
    {
      name: "Invoice schedules",
      description:
        "Plan renewals: an ordinary invoice created once per period, carrying `schedule` and `order_id` = prefix + period number.",
    },
  ],
  schemas: { InvoiceSchedule: scheduleResponse },
  operations: [
    {
      method: "post",
      path: "/api/v1/invoice_schedules",
      operationId: "createInvoiceSchedule",
      tag: "Invoice schedules",
      summary: "Create an invoice schedule",
      description:
        "Validated as an invoice would be; nothing is stored on a 422. The first invoice is created when `start_at` comes " +
        "(by the worker, within seconds); after downtime only the latest missed period gets an invoice.",
      body: createScheduleRequest,
      response: { status: 201, schema: scheduleResponse, description: "The invoice schedule." },
    },
    {
      method: "get",
      path: "/api/v1/invoice_schedules",
      operationId: "listInvoiceSchedules",
      tag: "Invoice schedules",
      summary: "List invoice schedules",
      description: "The schedules of the key's mode, newest first.",
      query: listSchedulesQuery,
      response: {
        status: 200,
        schema: listOf("InvoiceSchedule", scheduleResponse),
        description: "A list of invoice schedules.",
      },
    },
    {
      method: "get",
      path: "/api/v1/invoice_schedules/{id}",
      operationId: "retrieveInvoiceSchedule",
      tag: "Invoice schedules",
      summary: "Retrieve an invoice schedule",
      response: { status: 200, schema: scheduleResponse, description: "The invoice schedule." },
    },
    stateChange(
      "pause",
      "Pause an invoice schedule",
      "No invoice is created while paused. Only an active schedule: otherwise 409 `schedule_not_active`.",
    ),
    stateChange(
      "resume",
      "Resume an invoice schedule",
      "Periods that came due while paused are skipped, never invoiced; the next is the first due from now. " +
        "Only a paused schedule: otherwise 409 `schedule_not_paused`.",
    ),
    stateChange(
      "cancel",
      "Cancel an invoice schedule",
      "For good: no further invoice; those created stay as they are. 409 `schedule_cancelled` if it already is.",
    ),
    stateChange(
      "advance",
      "Run an invoice schedule's next period now (test mode)",
      "Creates the next period's invoice at once, as the worker would when it comes due. Test mode only: 409 " +
        "`test_mode_only` with a live key; 409 `schedule_not_active` unless active.",
    ),
  ],
};
