import { inTransaction, type Db } from "../db";
import { AppError, isUniqueViolation } from "../errors";
import { newId } from "../ids";
import { deriveCustomerAddress } from "../wallets/derive-customer-address";
import type { CreateCustomerRequest, CustomerResponse } from "./customer.schema";
import { serializeCustomer } from "./serialize-customer";

/**
 * Create a customer with its permanent deposit address: the next index of the merchant's customer branch in the mode
 * (m/44'/60'/{account}'/{0|1}/2147483647/{index}, derive-customer-address.ts; from the account's xpub, no seed), the
 * same address on every enabled network. The watcher matches it from its next refresh on, forever. Indexes are
 * handed out under a per-merchant-and-mode advisory lock (customers are never deleted, so max + 1 is never reused).
 * Errors: 409 `customer_reference_exists` when the reference is taken in this mode (nothing stored); 503
 * `service_unavailable` when the merchant's keys are not derived yet.
 */
export async function createCustomer(
  db: Db,
  opts: { merchantId: string; livemode: boolean; request: CreateCustomerRequest; now?: Date },
): Promise<CustomerResponse> {
  const req = opts.request;
  const mode = opts.livemode ? "live" : "test";
  const taken = () =>
    new AppError("customer_reference_exists", `A customer with reference '${req.reference}' already exists.`, {
      param: "reference",
    });
  try {
    return await inTransaction(db, async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`customers:${opts.merchantId}:${mode}`}))`;
      const existing = await tx.customer.findFirst({
        where: { merchantId: opts.merchantId, livemode: opts.livemode, reference: req.reference },
        select: { id: true },
      });
      if (existing) throw taken();
      const [row] = await tx.$queryRawUnsafe<{ hd_account_index: number; xpub: string | null; next: number }[]>(
        `SELECT m.hd_account_index, h.xpub_${mode} AS xpub,
                (SELECT coalesce(max(deposit_index) + 1, 0)::int FROM customers
                  WHERE merchant_id = m.id AND livemode = $2) AS next
           FROM merchants m LEFT JOIN hd_accounts h ON h.index = m.hd_account_index
          WHERE m.id = $1`,
        opts.merchantId,
        opts.livemode,
      );
      if (!row) throw new Error(`merchant ${opts.merchantId} does not exist`);
      if (row.xpub === null)
        throw new AppError(
          "service_unavailable",
          "This merchant's deposit keys are not ready yet: the worker prepares them. Try again in a minute.",
        );
      const deposit = deriveCustomerAddress({
        hdAccountIndex: Number(row.hd_account_index),
        livemode: opts.livemode,
        index: Number(row.next),
        xpub: row.xpub,
      });
      const customer = await tx.customer.create({
        data: {
          id: newId("cus"),
          merchantId: opts.merchantId,
          livemode: opts.livemode,
          reference: req.reference,
          email: req.email ?? null,
          name: req.name ?? null,
          metadata: req.metadata ?? {},
          depositIndex: Number(row.next),
          depositAddress: deposit.address.toLowerCase(),
          derivationPath: deposit.path,
          ...(opts.now ? { createdAt: opts.now } : {}),
        },
      });
      return serializeCustomer(customer, []);
    });
  } catch (error) {
    // Two requests with one reference at once: the unique index decides.
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}
