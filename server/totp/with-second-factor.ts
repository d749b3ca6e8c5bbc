import { inTransaction, type Db, type Tx } from "../db";
import { AppError } from "../errors";
import { giveBackCodeAttempt, takeCodeAttempt } from "./code-attempts";

/**
 * Run `work` in one transaction for an action confirmed by the person's code, under the wrong-code budget
 * (code-attempts.ts): an attempt is taken first (429 `rate_limited` once spent), `work` checks the code itself with
 * verifySecondFactor at the point it chooses (after its own row locks and checks), and the attempt is given back
 * when `work` fails for any reason but a wrong code.
 */
export async function withSecondFactor<T>(
  db: Db,
  opts: { userId: string; now: Date },
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  await takeCodeAttempt(db, opts);
  try {
    return await inTransaction(db, work);
  } catch (error) {
    if (!(error instanceof AppError && error.code === "second_factor_invalid")) await giveBackCodeAttempt(db, opts);
    throw error;
  }
}
