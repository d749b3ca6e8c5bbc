-- The sender backs off a transaction the node refuses (an empty wallet, say): consecutive refusals, the last reason,
-- since when, and the time before which it is not broadcast again. The stored attempts (raw bytes, nonce) never change.

-- AlterTable
ALTER TABLE "outgoing_transactions" ADD COLUMN     "next_attempt_at" TIMESTAMP(3),
ADD COLUMN     "refusal_reason" TEXT,
ADD COLUMN     "refusals" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "refused_since" TIMESTAMP(3);
