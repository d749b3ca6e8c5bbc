-- Refunds (issue 13): money sent back to an invoice's customer, paid as a payout linked by payouts.refund_id.
-- The claim link's token is stored only as its SHA-256 hash.

-- CreateEnum
CREATE TYPE "RefundStatus" AS ENUM ('awaiting_address', 'pending_approval', 'queued', 'submitted', 'confirmed', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "RefundFunding" AS ENUM ('available', 'held');

-- AlterTable
ALTER TABLE "payouts" ADD COLUMN     "refund_id" TEXT;

-- CreateTable
CREATE TABLE "refunds" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "invoice_id" TEXT NOT NULL,
    "status" "RefundStatus" NOT NULL,
    "network_id" TEXT NOT NULL,
    "asset" TEXT NOT NULL,
    "decimals" INTEGER NOT NULL,
    "token_address" TEXT,
    "amount" DECIMAL(78,0) NOT NULL,
    "address" TEXT,
    "reason" TEXT,
    "funding" "RefundFunding" NOT NULL,
    "resolution_id" TEXT,
    "claim_token_hash" TEXT,
    "claim_expires_at" TIMESTAMP(3),
    "claimed_at" TIMESTAMP(3),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmed_at" TIMESTAMP(3),
    "cancelled_at" TIMESTAMP(3),
    "failed_at" TIMESTAMP(3),

    CONSTRAINT "refunds_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "refunds_resolution_id_key" ON "refunds"("resolution_id");

-- CreateIndex
CREATE UNIQUE INDEX "refunds_claim_token_hash_key" ON "refunds"("claim_token_hash");

-- CreateIndex
CREATE INDEX "refunds_merchant_id_livemode_created_at_idx" ON "refunds"("merchant_id", "livemode", "created_at");

-- CreateIndex
CREATE INDEX "refunds_invoice_id_created_at_idx" ON "refunds"("invoice_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "payouts_refund_id_key" ON "payouts"("refund_id");

-- AddForeignKey
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_refund_id_fkey" FOREIGN KEY ("refund_id") REFERENCES "refunds"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
