import { runIdempotent } from "../../api/idempotency/run-idempotent";
import type { Db } from "../../db";
import { AppError } from "../../errors";
import { formatDecimal } from "../../money";
import { createPayoutBatch } from "../create-payout-batch";
import type { PayoutBatchResponse } from "../payout.schema";
import { csvDigest, previewPayoutCsv } from "./preview-payout-csv";

/**
 * Create the batch a previewed CSV describes (the dashboard's "Create batch"). The file is checked again from
 * scratch (previewPayoutCsv): any error (a reference used meanwhile, the balance spent meanwhile) refuses it with
 * 422 `parameter_invalid` and nothing is created; then createPayoutBatch (all or nothing: its own 409/422 name the
 * line). `digest` must be the preview's (the same text), else 422 `parameter_invalid`. Under `idempotencyKey` (the
 * page makes one per preview) a second call with the same file returns the first call's batch instead of creating
 * another; one still running is a 409 `idempotency_key_in_use`; an error frees the key (nothing was created).
 */
export async function createBatchFromCsv(
  db: Db,
  opts: {
    merchantId: string;
    livemode: boolean;
    createdBy: string;
    network: string;
    asset: string;
    csv: string;
    digest: string;
    idempotencyKey: string;
    now?: Date;
  },
): Promise<PayoutBatchResponse & { replayed: boolean }> {
  if (csvDigest(opts.csv) !== opts.digest) {
    throw new AppError("parameter_invalid", "The file is not the one previewed: preview it again.", { param: "csv" });
  }
  const scope = { merchantId: opts.merchantId, livemode: opts.livemode };
  const { result, replayed } = await runIdempotent(db, {
    ...scope,
    key: opts.idempotencyKey,
    operation: "payouts.createBatchFromCsv",
    params: { network: opts.network, asset: opts.asset, csv: opts.csv },
    now: opts.now,
    run: async () => {
      const preview = await previewPayoutCsv(db, { ...scope, network: opts.network, asset: opts.asset, csv: opts.csv });
      if (!preview.canCreate) {
        const reasons = [
          ...preview.fileErrors,
          ...preview.problems.filter((p) => p.severity === "error").map(lineText),
        ];
        throw new AppError(
          "parameter_invalid",
          `The file cannot be paid as it is (${reasons.length} problem${reasons.length === 1 ? "" : "s"}): ${reasons.slice(0, 3).join(" ")}${reasons.length > 3 ? " …" : ""}`,
          { param: "csv" },
        );
      }
      return createPayoutBatch(db, {
        ...scope,
        createdBy: opts.createdBy,
        now: opts.now,
        request: {
          network: preview.network,
          asset: preview.asset,
          items: preview.items.map((item, i) => ({
            address: preview.payouts[i]!.address,
            amount: formatDecimal(item.amount, preview.decimals),
            ...(item.reference ? { reference: item.reference } : {}),
          })),
        },
      }).catch((error: unknown) => {
        // createPayoutBatch names an item by its index (`items[3].reference`): say which line of the file it is.
        const index = error instanceof AppError ? /^items\[(\d+)\]/.exec(error.param ?? "")?.[1] : undefined;
        const item = index === undefined ? undefined : preview.items[Number(index)];
        if (error instanceof AppError && item) {
          throw new AppError(error.code, `Line ${item.line}: ${error.message}`, { param: "csv", cause: error });
        }
        throw error;
      });
    },
  });
  return { ...result, replayed };
}

const lineText = (p: { line: number; message: string }) => `Line ${p.line}: ${p.message}`;
