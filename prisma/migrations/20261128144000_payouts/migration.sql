-- CreateEnum
CREATE TYPE "PayoutStatus" AS ENUM ('pending_approval', 'queued', 'submitted', 'confirmed', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "payout_batches" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "network_id" TEXT NOT NULL,
    "asset" TEXT NOT NULL,
    "decimals" INTEGER NOT NULL,
    "total" DECIMAL(78,0) NOT NULL,
    "count" INTEGER NOT NULL,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payout_batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payouts" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "status" "PayoutStatus" NOT NULL,
    "network_id" TEXT NOT NULL,
    "asset" TEXT NOT NULL,
    "decimals" INTEGER NOT NULL,
    "token_address" TEXT,
    "amount" DECIMAL(78,0) NOT NULL,
    "address" TEXT NOT NULL,
    "reference" TEXT,
    "description" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "batch_id" TEXT,
    "batch_index" INTEGER,
    "created_by" TEXT NOT NULL,
    "approved_by" TEXT,
    "outgoing_key" TEXT,
    "tx_hash" TEXT,
    "network_fee" DECIMAL(78,0),
    "failure_reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approved_at" TIMESTAMP(3),
    "submitted_at" TIMESTAMP(3),
    "confirmed_at" TIMESTAMP(3),
    "failed_at" TIMESTAMP(3),
    "cancelled_at" TIMESTAMP(3),

    CONSTRAINT "payouts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "payout_batches_merchant_id_livemode_created_at_idx" ON "payout_batches"("merchant_id", "livemode", "created_at");

-- CreateIndex
CREATE INDEX "payouts_merchant_id_livemode_created_at_idx" ON "payouts"("merchant_id", "livemode", "created_at");

-- CreateIndex
CREATE INDEX "payouts_status_network_id_livemode_idx" ON "payouts"("status", "network_id", "livemode");

-- CreateIndex
CREATE INDEX "payouts_batch_id_batch_index_idx" ON "payouts"("batch_id", "batch_index");

-- CreateIndex
CREATE INDEX "payouts_outgoing_key_idx" ON "payouts"("outgoing_key");

-- CreateIndex
CREATE UNIQUE INDEX "payouts_merchant_id_livemode_reference_key" ON "payouts"("merchant_id", "livemode", "reference");

-- AddForeignKey
ALTER TABLE "payout_batches" ADD CONSTRAINT "payout_batches_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "payout_batches"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A payout moves a positive amount; a batch holds 1 to 1,000 of them.
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "payout_batches" ADD CONSTRAINT "payout_batches_count_range" CHECK ("count" BETWEEN 1 AND 1000);
-- Once handed to the sender, a payout's transaction request never changes (sent at most once).
CREATE FUNCTION "payouts_outgoing_key_guard"() RETURNS trigger AS $$
BEGIN
  IF OLD."outgoing_key" IS NOT NULL AND NEW."outgoing_key" IS DISTINCT FROM OLD."outgoing_key" THEN
    RAISE EXCEPTION 'payout % is already in transaction request %', OLD."id", OLD."outgoing_key" USING ERRCODE = 'check_violation';
  END IF;
  IF OLD."outgoing_key" IS NOT NULL AND NEW."status" = 'cancelled' THEN
    RAISE EXCEPTION 'payout % was handed to the sender and cannot be cancelled', OLD."id" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "payouts_outgoing_key_guard"
  BEFORE UPDATE ON "payouts"
  FOR EACH ROW EXECUTE FUNCTION "payouts_outgoing_key_guard"();
