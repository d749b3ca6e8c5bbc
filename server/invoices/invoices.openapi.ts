import { listOf, type OpenApiSection } from "../api/openapi-operation";
import { createInvoiceRequest } from "./create-invoice.schema";
import { invoiceResponse } from "./invoice.schema";
import { listInvoiceEventsQuery, listInvoicesQuery } from "./list-invoices.schema";
import { resolveInvoiceRequest } from "./resolve-invoice.schema";
import { eventResponse } from "../webhooks/event.schema";

/** The invoice routes of the public API (app/api/v1/invoices), as server/api/openapi.ts documents them. */
export const invoicesOpenApi: OpenApiSection = {
  tags: [{ name: "Invoices", description: "Ask a customer for a payment and follow it to the end." }],
  schemas: { Invoice: invoiceResponse },
  operations: [
    {
      method: "post",
      path: "/api/v1/invoices",
      operationId: "createInvoice",
      tag: "Invoices",
      summary: "Create an invoice",
      description: "Each payment option gets its own deposit address; fiat amounts are converted at a locked rate.",
      body: createInvoiceRequest,
      response: { status: 201, schema: invoiceResponse, description: "The invoice." },
    },
    {
      method: "get",
      path: "/api/v1/invoices",
      operationId: "listInvoices",
      tag: "Invoices",
      summary: "List invoices",
      description: "The invoices of the key's mode, newest first, filtered.",
      query: listInvoicesQuery,
      response: { status: 200, schema: listOf("Invoice", invoiceResponse), description: "A list of invoices." },
    },
    {
      method: "get",
      path: "/api/v1/invoices/{id}",
      operationId: "retrieveInvoice",
      tag: "Invoices",
      summary: "Retrieve an invoice",
      response: { status: 200, schema: invoiceResponse, description: "The invoice." },
    },
    {
      method: "post",
      path: "/api/v1/invoices/{id}/cancel",
      operationId: "cancelInvoice",
      tag: "Invoices",
      summary: "Cancel an invoice",
      description: "Only while nothing was received; otherwise 409 `invoice_not_cancellable`.",
      response: { status: 200, schema: invoiceResponse, description: "The cancelled invoice." },
    },
    {
      method: "post",
      path: "/api/v1/invoices/{id}/resolve",
      operationId: "resolveInvoice",
      tag: "Invoices",
      summary: "Resolve an invoice in review",
      description: "The merchant's decision on an invoice in `review_required`; otherwise 409 `invoice_not_in_review`.",
      body: resolveInvoiceRequest,
      response: { status: 200, schema: invoiceResponse, description: "The invoice after the decision." },
    },
    {
      method: "get",
      path: "/api/v1/invoices/{id}/events",
      operationId: "listInvoiceEvents",
      tag: "Invoices",
      summary: "List an invoice's events",
      description: "The invoice's event history, in `sequence` order.",
      query: listInvoiceEventsQuery,
      response: { status: 200, schema: listOf("Event", eventResponse), description: "A list of events." },
    },
  ],
};
