"use client";

import { useCallback, useRef } from "react";

/**
 * One request at a time for a form that creates money movements (a payout, a batch, a refund).
 *
 * A double click can call `mutation.mutate` twice before React re-renders the disabled button. TanStack
 * Query then keeps only the second call's callbacks: the first request creates the payout, the second
 * meets its idempotency key still in flight (409), and the form shows an error for a payout that exists.
 * `run` refuses a second start until the first has settled.
 */
export function useSubmitOnce(): (start: (settled: () => void) => void) => void {
  const inFlight = useRef(false);
  return useCallback((start: (settled: () => void) => void) => {
    if (inFlight.current) return;
    inFlight.current = true;
    start(() => {
      inFlight.current = false;
    });
  }, []);
}

/**
 * Whether an error proves that the server created nothing, so the corrected form may go out under a new
 * idempotency key. Like the server's replay rule: a 4xx other than 409 (a request with this key still
 * in flight) and 429 is a refusal. A 5xx, a 409, a 429 or a lost connection leave the outcome unknown:
 * the form keeps its key, so sending again cannot create a second payout.
 */
export function refusedForGood(error: { data?: { httpStatus?: number } | null }): boolean {
  const status = error.data?.httpStatus;
  return status !== undefined && status >= 400 && status < 500 && status !== 409 && status !== 429;
}
