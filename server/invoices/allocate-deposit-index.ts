import type { DbClient } from "../db";
import type { ToleranceKind } from "../generated/prisma/client";

/** A freshly allocated deposit address index, with the merchant settings an invoice is created with. */
export interface DepositAllocation {
  index: number;
  hdAccountIndex: number;
  defaultExpirySeconds: number;
  underpaymentToleranceKind: ToleranceKind;
  underpaymentToleranceValue: string;
}

const SQL = {
  test: `UPDATE merchants SET next_test_address_index = next_test_address_index + 1 WHERE id = $1
         RETURNING next_test_address_index - 1 AS index, hd_account_index, default_expiry_seconds,
                   underpayment_tolerance_kind::text, underpayment_tolerance_value`,
  live: `UPDATE merchants SET next_live_address_index = next_live_address_index + 1 WHERE id = $1
         RETURNING next_live_address_index - 1 AS index, hd_account_index, default_expiry_seconds,
                   underpayment_tolerance_kind::text, underpayment_tolerance_value`,
};

/**
 * Hand out the merchant's next deposit address index in this mode, never handed out before, in one
 * statement. Run it on the root client, outside the invoice's write: the merchant row is then locked
 * only for this statement, not while the invoice is written, so a merchant's creations do not queue
 * behind one another. An index whose invoice is never written is a gap, which is harmless: addresses
 * are never reused, and `deposit_addresses.address` is unique. Throws if the merchant does not exist.
 */
export async function allocateDepositIndex(db: DbClient, opts: { merchantId: string; livemode: boolean }): Promise<DepositAllocation> {
  const rows = await db.$queryRawUnsafe<
    {
      index: number;
      hd_account_index: number;
      default_expiry_seconds: number;
      underpayment_tolerance_kind: ToleranceKind;
      underpayment_tolerance_value: string;
    }[]
  >(opts.livemode ? SQL.live : SQL.test, opts.merchantId);
  const row = rows[0];
  if (!row) throw new Error(`merchant ${opts.merchantId} does not exist`);
  return {
    index: Number(row.index),
    hdAccountIndex: Number(row.hd_account_index),
    defaultExpirySeconds: Number(row.default_expiry_seconds),
    underpaymentToleranceKind: row.underpayment_tolerance_kind,
    underpaymentToleranceValue: row.underpayment_tolerance_value,
  };
}
