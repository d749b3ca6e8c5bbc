import { listOf, type OpenApiSection } from "../api/openapi-operation";
import { createRefundRequest, listRefundsQuery, refundResponse } from "./refund.schema";

/** The refund routes of the public API (app/api/v1/refunds). */
export const refundsOpenApi: OpenApiSection = {
  tags: [
    {
      name: "Refunds",
      description:
        "Send an invoice's confirmed payment back to its customer, to an address you give or one the customer confirms " +
        "on a claim page; paid as a payout linked to the refund.",
    },
  ],
  schemas: { Refund: refundResponse },
  operations: [
    {
      method: "post",
      path: "/api/v1/refunds",
      operationId: "createRefund",
      tag: "Refunds",
      summary: "Create a refund",
      description:
        "Only a `paid` or `refunded` invoice (one in review is resolved with `refund`: 409 `invoice_not_refundable`). " +
        "More than what is refundable is a 422 `refund_exceeds_received`; more than the balance it draws on a 422 " +
        "`insufficient_balance`. Without `address` the refund waits in `awaiting_address` and `claim_url` (shown only " +
        "in this response) is the customer's page.",
      body: createRefundRequest,
      response: { status: 201, schema: refundResponse, description: "The refund." },
    },
    {
      method: "get",
      path: "/api/v1/refunds",
      operationId: "listRefunds",
      tag: "Refunds",
      summary: "List refunds",
      description: "The refunds of the key's mode, newest first, optionally of one invoice.",
      query: listRefundsQuery,
      response: { status: 200, schema: listOf("Refund", refundResponse), description: "A list of refunds." },
    },
    {
      method: "get",
      path: "/api/v1/refunds/{id}",
      operationId: "retrieveRefund",
      tag: "Refunds",
      summary: "Retrieve a refund",
      response: { status: 200, schema: refundResponse, description: "The refund." },
    },
    {
      method: "post",
      path: "/api/v1/refunds/{id}/cancel",
      operationId: "cancelRefund",
      tag: "Refunds",
      summary: "Cancel a refund",
      description:
        "Before its payout is submitted (`awaiting_address`, `pending_approval`, or `queued` not yet handed to the " +
        "sender); otherwise 409 `refund_not_cancellable`.",
      response: { status: 200, schema: refundResponse, description: "The cancelled refund." },
    },
    {
      method: "post",
      path: "/api/v1/refunds/{id}/claim_link",
      operationId: "newRefundClaimLink",
      tag: "Refunds",
      summary: "Replace a refund's claim link",
      description:
        "For a refund in `awaiting_address`: a new `claim_url` valid 30 days; the previous link stops working. Only a " +
        "hash of the link is stored, so this is how a lost link is sent again. Another status is a 409 `conflict`.",
      response: { status: 200, schema: refundResponse, description: "The refund with its new `claim_url`." },
    },
  ],
};
