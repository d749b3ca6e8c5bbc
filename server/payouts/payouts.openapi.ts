import { listOf, type OpenApiSection } from "../api/openapi-operation";
import {
  createPayoutBatchRequest,
  createPayoutRequest,
  listPayoutsQuery,
  payoutBatchResponse,
  payoutResponse,
} from "./payout.schema";

/** The payout routes of the public API (app/api/v1/payouts, app/api/v1/payout_batches). */
export const payoutsOpenApi: OpenApiSection = {
  tags: [{ name: "Payouts", description: "Pay addresses from the available balance, one at a time or in batches." }],
  schemas: { Payout: payoutResponse, PayoutBatch: payoutBatchResponse },
  operations: [
    {
      method: "post",
      path: "/api/v1/payouts",
      operationId: "createPayout",
      tag: "Payouts",
      summary: "Create a payout",
      description:
        "Reserved against the available balance at approval (at once in test mode; live mode waits in `pending_approval`). " +
        "More than available is a 422 `insufficient_balance`; a used `reference` a 409 `payout_reference_exists`.",
      body: createPayoutRequest,
      response: { status: 201, schema: payoutResponse, description: "The payout." },
    },
    {
      method: "get",
      path: "/api/v1/payouts",
      operationId: "listPayouts",
      tag: "Payouts",
      summary: "List payouts",
      description: "The payouts of the key's mode, newest first, filtered.",
      query: listPayoutsQuery,
      response: { status: 200, schema: listOf("Payout", payoutResponse), description: "A list of payouts." },
    },
    {
      method: "get",
      path: "/api/v1/payouts/{id}",
      operationId: "retrievePayout",
      tag: "Payouts",
      summary: "Retrieve a payout",
      response: { status: 200, schema: payoutResponse, description: "The payout." },
    },
    {
      method: "post",
      path: "/api/v1/payouts/{id}/cancel",
      operationId: "cancelPayout",
      tag: "Payouts",
      summary: "Cancel a payout",
      description:
        "Only in `pending_approval`, or `queued` before the worker hands it to the sender; otherwise 409 `payout_not_cancellable`.",
      response: { status: 200, schema: payoutResponse, description: "The cancelled payout." },
    },
    {
      method: "post",
      path: "/api/v1/payout_batches",
      operationId: "createPayoutBatch",
      tag: "Payouts",
      summary: "Create a payout batch",
      description:
        "1 to 1,000 payouts of one network and asset, all or nothing: every item is checked first and a bad one is a 422 " +
        "whose `param` names it (`items[3].address`). Token payouts go out in as few transactions as possible.",
      body: createPayoutBatchRequest,
      response: { status: 201, schema: payoutBatchResponse, description: "The batch." },
    },
    {
      method: "get",
      path: "/api/v1/payout_batches/{id}",
      operationId: "retrievePayoutBatch",
      tag: "Payouts",
      summary: "Retrieve a payout batch",
      description: "Its status and transactions; list its payouts with `GET /api/v1/payouts?batch=`.",
      response: { status: 200, schema: payoutBatchResponse, description: "The batch." },
    },
  ],
};
