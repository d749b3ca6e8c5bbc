import { randomBytes } from "node:crypto";
import type { Address } from "viem";
import { enabledNetworks } from "../chains/networks";
import { inTransaction, type Db } from "../db";
import { AppError } from "../errors";
import { cancelInvoice } from "../invoices/cancel-invoice";
import { createInvoice } from "../invoices/create-invoice";
import { recomputeInvoice } from "../invoices/recompute-invoice";
import { tick } from "../jobs/tick";
import { formatDecimal, toBigInt } from "../money";

/** Pays and mines on a local devnet for `triggerEvent` (anvil test accounts: see scripts/lib/devnet-payment.ts). */
export interface DevnetPayer {
  /** The devnet's network id, such as "devnet". */
  network: string;
  /** Send `amount` base units of a test token to `to` and wait until it is mined. */
  pay(opts: { asset: "USDC"; to: Address; amount: bigint }): Promise<{ hash: string }>;
  /** Mine `blocks` empty blocks, so that confirmations do not wait for the devnet's block time. */
  mine(blocks: number): Promise<void>;
}

// What each event takes, starting from a new 25.00 USDC test invoice. `pay` is the amount sent on the
// devnet as a share of the invoice's option amount.
type Scenario = { pay?: (due: bigint) => bigint; cancel?: true; expire?: true };
const scenarios = {
  "invoice.created": {},
  "invoice.cancelled": { cancel: true },
  "invoice.expired": { expire: true },
  "payment.detected": { pay: (due) => due },
  "invoice.pending": { pay: (due) => due },
  "payment.confirmed": { pay: (due) => due },
  "invoice.paid": { pay: (due) => due },
  "invoice.partially_paid": { pay: (due) => (due * 2n) / 5n },
  "invoice.review_required": { pay: (due) => due + due / 5n },
} as const satisfies Record<string, Scenario>;

export type TriggerableEventType = keyof typeof scenarios;
/** The event types `triggerEvent` can produce. */
export const triggerableEventTypes = Object.keys(scenarios) as TriggerableEventType[];

/** `type` if `triggerEvent` can produce it, else AppError `parameter_invalid` listing the types it can. */
export function triggerableTypeOrThrow(type: string): TriggerableEventType {
  if (Object.hasOwn(scenarios, type)) return type as TriggerableEventType;
  throw new AppError(
    "parameter_invalid",
    `Cannot trigger "${type}". Supported event types: ${triggerableEventTypes.join(", ")}.`,
    { param: "type" },
  );
}

const INVOICE_AMOUNT = "25.00";
const EXPIRES_IN_S = 60;

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Make a real event of `type` happen for the merchant in test mode, through the same domain functions
 * as production: a new 25.00 USDC invoice (`invoice.created`), then, as the type needs, its cancellation,
 * its expiry (the invoice is created backdated past its 60 s expiry and recomputed by the clock, as the
 * worker would), or a real payment on the local devnet (the full amount, 40 % of it for
 * `invoice.partially_paid`, 120 % for `invoice.review_required`) detected and confirmed by the real
 * chain tick, mining blocks until the event is written. Works beside a running worker, which may
 * write the event first. Every event on the way is written too, with deliveries to the merchant's
 * endpoints. Returns the invoice and its events in order. Throws AppError `parameter_invalid` for a
 * type it cannot trigger, `unsupported_network` when the devnet is not configured, and an Error when
 * the event does not appear within `timeoutMs` (default 60 s).
 */
export async function triggerEvent(
  db: Db,
  opts: { merchantId: string; type: string; payer: DevnetPayer; timeoutMs?: number; progress?: (line: string) => void },
): Promise<{ invoiceId: string; events: { id: string; type: string; sequence: number | null }[] }> {
  const type = triggerableTypeOrThrow(opts.type);
  const scenario: Scenario = scenarios[type];
  const progress = opts.progress ?? (() => {});
  const network = opts.payer.network;
  if (scenario.pay && !enabledNetworks({ livemode: false }).some((n) => n.id === network)) {
    throw new AppError(
      "unsupported_network",
      `${type} needs a payment on the local ${network}, which is not configured.`,
    );
  }

  const realNow = new Date();
  const { id: invoiceId } = await inTransaction(db, (tx) =>
    createInvoice(tx, {
      merchantId: opts.merchantId,
      livemode: false,
      request: {
        amount: INVOICE_AMOUNT,
        currency: "USDC",
        order_id: `trigger-${randomBytes(6).toString("hex")}`,
        description: `Test invoice for ${type} (payrail trigger)`,
        metadata: { triggered_event: type },
        ...(scenario.pay ? { payment_methods: [{ network, asset: "USDC" }] } : {}),
        ...(scenario.expire ? { expires_in: EXPIRES_IN_S } : {}),
      },
      // An invoice created a little over its lifetime ago, so the clock has expired it by now.
      now: scenario.expire ? new Date(realNow.getTime() - (EXPIRES_IN_S + 1) * 1000) : realNow,
    }),
  );
  progress(`Created invoice ${invoiceId} (${INVOICE_AMOUNT} USDC, test mode).`);

  if (scenario.cancel) {
    await inTransaction(db, (tx) =>
      cancelInvoice(tx, {
        id: invoiceId,
        merchantId: opts.merchantId,
        livemode: false,
        actor: "payrail trigger",
        now: new Date(),
      }),
    );
    progress(`Cancelled invoice ${invoiceId}.`);
  }
  if (scenario.expire) {
    const now = new Date();
    // What expireDueInvoices does for each due invoice, for this one only (a running worker may get there first).
    await inTransaction(db, (tx) =>
      recomputeInvoice(tx, { invoiceId, now, cause: { source: "clock", expired_at: now.toISOString() } }),
    );
  }

  const hasEvent = async () => (await db.event.count({ where: { invoiceId, type } })) > 0;
  if (scenario.pay) {
    const invoice = await db.invoice.findUniqueOrThrow({
      where: { id: invoiceId },
      select: {
        depositAddress: { select: { address: true } },
        paymentOptions: { select: { amount: true, decimals: true } },
      },
    });
    const option = invoice.paymentOptions[0]!;
    const amount = scenario.pay(toBigInt(option.amount));
    const to = invoice.depositAddress!.address as Address;
    const { hash } = await opts.payer.pay({ asset: "USDC", to, amount });
    progress(`Paid ${formatDecimal(amount, option.decimals, 2)} USDC on ${network} to ${to}: ${hash}.`);
    const owner = `trigger-${process.pid}-${randomBytes(3).toString("hex")}`;
    const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
    while (!(await hasEvent())) {
      if (Date.now() > deadline)
        throw new Error(
          `No ${type} event for invoice ${invoiceId} within ${Math.round((opts.timeoutMs ?? 60_000) / 1000)} s.`,
        );
      const report = await tick(db, { owner, parts: ["chains"] });
      const error = report.networks[network]?.error;
      if (error) throw new Error(`Scanning ${network} failed: ${error}`);
      if (await hasEvent()) break;
      // The next confirmation, without waiting for the devnet's block time (if it has one).
      await opts.payer.mine(1);
      await pause(100);
    }
  } else if (!(await hasEvent())) {
    throw new Error(`No ${type} event was written for invoice ${invoiceId}.`);
  }

  const events = await db.event.findMany({
    where: { invoiceId },
    orderBy: { sequence: "asc" },
    select: { id: true, type: true, sequence: true },
  });
  return { invoiceId, events };
}
