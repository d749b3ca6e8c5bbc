// Bulk-inserts open invoices with their deposit addresses and one payment option each, in SQL, for
// the watcher benchmark and the scaling tests (creating 100,000 invoices through the API would take
// far longer than what is being measured). The addresses are random, not HD-derived: nobody needs
// their keys, only that the watcher sees them.
import { randomBytes } from "node:crypto";
import { inTransaction, type Db } from "../../server/db";
import { MONITORING_WINDOW_MS } from "../../server/invoices/create-invoice";

/** Insert `count` open invoices of `amount` base units of one asset on one network; returns how many and the batch's tag. */
export async function insertOpenInvoices(
  db: Db,
  opts: {
    merchantId: string;
    count: number;
    livemode: boolean;
    option: { networkId: string; chainId: number; asset: string; tokenAddress: string | null; decimals: number };
    amount: bigint;
    expiresAt?: Date;
    /** Default: the monitoring window after expiry, as createInvoice sets it. */
    watchUntil?: Date;
    /** Default: now (UTC, as Prisma stores it). */
    createdAt?: Date;
  },
): Promise<{ count: number; tag: string }> {
  const tag = randomBytes(6).toString("hex");
  const expiresAt = opts.expiresAt ?? new Date(Date.now() + 24 * 3600_000);
  const watchUntil = opts.watchUntil ?? new Date(expiresAt.getTime() + MONITORING_WINDOW_MS);
  const createdAt = (opts.createdAt ?? new Date()).toISOString();
  const o = opts.option;
  const chunk = 20_000;
  for (let start = 0; start < opts.count; start += chunk) {
    const end = Math.min(opts.count, start + chunk) - 1;
    await inTransaction(
      db,
      async (tx) => {
        await tx.$executeRaw`
        INSERT INTO invoices (id, merchant_id, livemode, amount, currency, currency_decimals, expires_at, created_at, updated_at)
        SELECT 'inv_bulk_' || ${tag} || '_' || i, ${opts.merchantId}, ${opts.livemode}, ${opts.amount.toString()}::numeric, ${o.asset}, ${o.decimals},
               ${expiresAt.toISOString()}::timestamp, ${createdAt}::timestamp, ${createdAt}::timestamp
          FROM generate_series(${start}::int, ${end}::int) AS i`;
        await tx.$executeRaw`
        INSERT INTO payment_options (id, invoice_id, network_id, chain_id, asset, token_address, decimals, amount, position)
        SELECT 'opt_bulk_' || ${tag} || '_' || i, 'inv_bulk_' || ${tag} || '_' || i, ${o.networkId}, ${o.chainId}, ${o.asset}, ${o.tokenAddress},
               ${o.decimals}, ${opts.amount.toString()}::numeric, 0
          FROM generate_series(${start}::int, ${end}::int) AS i`;
        await tx.$executeRaw`
        INSERT INTO deposit_addresses (id, merchant_id, invoice_id, livemode, address, derivation_path, watch_until, created_at)
        SELECT 'dep_bulk_' || ${tag} || '_' || i, ${opts.merchantId}, 'inv_bulk_' || ${tag} || '_' || i, ${opts.livemode},
               '0x' || substr(md5(${tag} || ':' || i), 1, 32) || substr(md5(i || ':' || ${tag}), 1, 8), 'bulk/' || i, ${watchUntil.toISOString()}::timestamp, ${createdAt}::timestamp
          FROM generate_series(${start}::int, ${end}::int) AS i`;
      },
      { timeout: 120_000, maxWait: 30_000 },
    ); // a bulk setup, not a request: 20,000 rows may take seconds on a loaded machine
  }
  return { count: opts.count, tag };
}

/** Delete what insertOpenInvoices inserted under `tag` (deposit addresses and options go with their invoices). */
export async function deleteOpenInvoices(db: Db, tag: string): Promise<number> {
  return db.$executeRaw`DELETE FROM invoices WHERE id LIKE ${`inv_bulk_${tag}_%`} AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.invoice_id = invoices.id)`;
}
