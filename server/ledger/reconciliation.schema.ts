import { z } from "zod";

const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/);

/** Query of `GET /api/v1/reconciliation`; unknown parameters are refused. */
export const reconciliationQuery = z.strictObject({
  network: z
    .string()
    .min(1)
    .max(40)
    .optional()
    .meta({ description: "Only this network (an enabled network of the key's mode)." }),
  asset: z.string().min(1).max(20).optional().meta({ description: "Only this asset (`USDC`, `ETH`...)." }),
});
export type ReconciliationQuery = z.infer<typeof reconciliationQuery>;

const reconciledNetwork = z
  .object({
    network: z.string().meta({ description: "Network id." }),
    chain_id: z.number().int(),
    status: z.enum(["checked", "not_scanned"]).meta({
      description:
        "`not_scanned` when the watcher has not yet reached a confirmed block on this network: nothing is compared there.",
    }),
    block_number: z.number().int().nullable().meta({
      description: "The confirmed block compared at: the last scanned block less the required confirmations plus one.",
    }),
    scanned_block_number: z.number().int().nullable().meta({ description: "The last block the watcher scanned." }),
  })
  .meta({ id: "ReconciledNetwork" });

const reconciledAsset = z
  .object({
    network: z.string(),
    asset: z.string(),
    decimals: z.number().int(),
    block_number: z.number().int().meta({ description: "The confirmed block compared at." }),
    status: z.enum(["matched", "mismatch"]),
    received: decimalString.meta({
      description: "Net received on the deposit addresses up to the block (reorged payments taken back).",
    }),
    paid_out: decimalString.meta({ description: "Sent by payouts (zero until payouts exist)." }),
    refunded: decimalString.meta({ description: "Sent back by refunds (zero until refunds are sent on chain)." }),
    withdrawn: decimalString.meta({
      description: "Withdrawn to the merchant's own address (zero until withdrawals exist).",
    }),
    available: decimalString.meta({ description: "The ledger's available balance now, as in `GET /api/v1/balances`." }),
    pending: decimalString.meta({ description: "Received and still confirming, now." }),
    reserved: decimalString.meta({ description: "Taken by money out not yet confirmed, now." }),
    held: decimalString.meta({ description: "Held on invoices that are not settled or for a decided refund, now." }),
    deposit_addresses: z
      .object({
        count: z.number().int().meta({ description: "Deposit addresses compared (watched or not)." }),
        on_chain: decimalString.meta({ description: "Their balances on chain at the block." }),
        ledger: decimalString.meta({ description: "What the ledger says they held at the block." }),
      })
      .meta({ description: "The merchant's deposit addresses, on chain against the ledger." }),
  })
  .meta({ id: "ReconciledAsset", description: "One network and asset of a reconciliation report." });

const reconciliationDifference = z
  .object({
    address: z.string().meta({ description: "The deposit address (lowercase hex)." }),
    network: z.string(),
    asset: z.string(),
    block_number: z.number().int(),
    on_chain: decimalString.meta({ description: "Its balance on chain at the block." }),
    ledger: decimalString.meta({ description: "What the ledger says it held at the block." }),
    difference: decimalString.meta({
      description: "`on_chain` − `ledger`: positive when the chain holds more than the ledger knows of.",
    }),
  })
  .meta({
    id: "ReconciliationDifference",
    description: "A deposit address whose balance on chain differs from the ledger's.",
  });

/** `GET /api/v1/reconciliation`. */
export const reconciliationResponse = z
  .object({
    object: z.literal("reconciliation"),
    livemode: z.boolean(),
    status: z.enum(["matched", "mismatch"]).meta({
      description:
        "`mismatch` when any deposit address differs from the ledger or the ledger breaks its own invariants.",
    }),
    created_at: z.string(),
    networks: z.array(reconciledNetwork),
    data: z.array(reconciledAsset).meta({ description: "Per network and asset, every asset of each checked network." }),
    differences: z
      .array(reconciliationDifference)
      .meta({ description: "Every address that differs; empty when matched." }),
    ledger_violations: z
      .array(
        z.object({
          kind: z.enum(["unbalanced", "account_totals"]).meta({
            description:
              "`unbalanced`: debits ≠ credits; `account_totals`: an account's stored totals ≠ the sums of its entries.",
          }),
          subject: z.string(),
          detail: z.string(),
        }),
      )
      .meta({ description: "Broken ledger invariants; empty when the ledger is sound." }),
  })
  .meta({
    id: "Reconciliation",
    description:
      "The ledger against the chains: at a confirmed block per network, the on-chain balance of every deposit address of the merchant against the ledger's.",
  });
export type ReconciliationResponse = z.infer<typeof reconciliationResponse>;
