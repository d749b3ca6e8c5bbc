// After every money test the reconciliation report must say matched: the ledger equals the devnets.
import { expect } from "vitest";
import { db } from "../server/db";
import { reconcile, type ReconciliationReport } from "../server/ledger/reconcile";

/** The merchant's test-mode reconciliation report against the devnets. */
export async function reconcileMerchant(
  merchantId: string,
  opts: { livemode?: boolean } = {},
): Promise<ReconciliationReport> {
  const [report] = await reconcile(db(), { merchantId, livemode: opts.livemode ?? false });
  return report!;
}

/** Assert the merchant's ledger matches the chains: no address differs, no invariant is broken. */
export async function expectMatched(merchantId: string): Promise<ReconciliationReport> {
  const report = await reconcileMerchant(merchantId);
  expect({ differences: report.differences, violations: report.violations }).toEqual({
    differences: [],
    violations: [],
  });
  expect(report.status).toBe("matched");
  return report;
}
