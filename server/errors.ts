/**
 * The one application error type. Codes come from a closed list; each maps to an HTTP status and an
 * API error `type`. `message` is safe to show to API users; `cause` stays in logs.
 */
export const errorCodes = {
  invalid_request: { status: 400, type: "invalid_request_error" },
  invalid_json: { status: 400, type: "invalid_request_error" },
  parameter_invalid: { status: 422, type: "invalid_request_error" },
  parameter_missing: { status: 422, type: "invalid_request_error" },
  parameter_unknown: { status: 422, type: "invalid_request_error" },
  unsupported_asset: { status: 422, type: "invalid_request_error" },
  unsupported_network: { status: 422, type: "invalid_request_error" },
  unauthenticated: { status: 401, type: "authentication_error" },
  forbidden: { status: 403, type: "permission_error" },
  insufficient_scope: { status: 403, type: "permission_error" },
  not_found: { status: 404, type: "invalid_request_error" },
  resource_missing: { status: 404, type: "invalid_request_error" },
  conflict: { status: 409, type: "invalid_request_error" },
  merchant_exists: { status: 409, type: "invalid_request_error" },
  invoice_not_cancellable: { status: 409, type: "invalid_request_error" },
  invoice_not_in_review: { status: 409, type: "invalid_request_error" },
  schedule_not_active: { status: 409, type: "invalid_request_error" },
  schedule_not_paused: { status: 409, type: "invalid_request_error" },
  schedule_cancelled: { status: 409, type: "invalid_request_error" },
  test_mode_only: { status: 409, type: "invalid_request_error" },
  refund_exceeds_received: { status: 422, type: "invalid_request_error" },
  refund_not_cancellable: { status: 409, type: "invalid_request_error" },
  invoice_not_refundable: { status: 409, type: "invalid_request_error" },
  insufficient_balance: { status: 422, type: "invalid_request_error" },
  payout_reference_exists: { status: 409, type: "invalid_request_error" },
  customer_reference_exists: { status: 409, type: "invalid_request_error" },
  participant_reference_exists: { status: 409, type: "invalid_request_error" },
  payout_not_cancellable: { status: 409, type: "invalid_request_error" },
  /** The action needs the member's TOTP second factor, and they have not set it up (or it is still being set up). */
  second_factor_required: { status: 403, type: "permission_error" },
  /** A wrong, expired or already used one-time code (or recovery code). */
  second_factor_invalid: { status: 422, type: "invalid_request_error" },
  /** The payout or batch is no longer what the approver was shown (its content digest differs). */
  approval_content_changed: { status: 409, type: "invalid_request_error" },
  url_not_allowed: { status: 422, type: "invalid_request_error" },
  endpoint_disabled: { status: 409, type: "invalid_request_error" },
  method_not_allowed: { status: 405, type: "invalid_request_error" },
  rate_unavailable: { status: 422, type: "invalid_request_error" },
  idempotency_key_reused: { status: 422, type: "idempotency_error" },
  idempotency_key_in_use: { status: 409, type: "idempotency_error" },
  payload_too_large: { status: 413, type: "invalid_request_error" },
  rate_limited: { status: 429, type: "rate_limit_error" },
  merchant_limit_reached: { status: 409, type: "invalid_request_error" },
  open_invoice_limit_reached: { status: 409, type: "invalid_request_error" },
  webhook_endpoint_limit_reached: { status: 409, type: "invalid_request_error" },
  /** Something the request needs is not ready yet (no merchant HD account derived: the worker prepares them). */
  service_unavailable: { status: 503, type: "api_error" },
  internal: { status: 500, type: "api_error" },
} as const satisfies Record<string, { status: number; type: string }>;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly param?: string;

  constructor(code: ErrorCode, message: string, opts: { param?: string; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = "AppError";
    this.code = code;
    this.param = opts.param;
  }

  get status(): number {
    return errorCodes[this.code].status;
  }

  get type(): string {
    return errorCodes[this.code].type;
  }
}

/** True for Prisma's unique-constraint violation (P2002), through the driver adapter or not. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
