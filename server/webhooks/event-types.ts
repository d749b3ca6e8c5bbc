/** Every event type Payrail emits (docs/api.md, docs/webhooks.md). */
export const eventTypes = [
  "invoice.created",
  "invoice.pending",
  "invoice.partially_paid",
  "invoice.paid",
  "invoice.expired",
  "invoice.cancelled",
  "invoice.review_required",
  "invoice.refunded",
  "payment.detected",
  "payment.confirmed",
  "payment.reorged",
  "payout.created",
  "payout.approved",
  "payout.submitted",
  "payout.confirmed",
  "payout.failed",
  "payout.cancelled",
  "refund.created",
  "refund.confirmed",
  "refund.failed",
  "withdrawal.submitted",
  "withdrawal.confirmed",
  "withdrawal.failed",
  // An endpoint that failed for days was disabled: delivered to the merchant's other endpoints.
  "webhook_endpoint.disabled",
] as const;
export type EventType = (typeof eventTypes)[number];
