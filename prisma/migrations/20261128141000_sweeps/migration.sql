-- Sweeps of deposit addresses (server/sweeps/): requests, their per-address items, and the transactions carrying them.

-- CreateTable
CREATE TABLE "sweeps" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "network_id" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "asset" TEXT NOT NULL,
    "to_address" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "source_id" TEXT NOT NULL,
    "debit_account_id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "failure_reason" TEXT,
    "submitted_at" TIMESTAMP(3),
    "confirmed_at" TIMESTAMP(3),
    "failed_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sweeps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sweep_items" (
    "id" TEXT NOT NULL,
    "sweep_id" TEXT NOT NULL,
    "network_id" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "asset" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "key_path" TEXT NOT NULL,
    "amount" DECIMAL(78,0) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "batch_id" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "authorization" JSONB,
    "not_before" TIMESTAMP(3),
    "tx_hash" TEXT,
    "block_number" BIGINT,
    "block_hash" TEXT,
    "failure_reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sweep_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sweep_batches" (
    "id" TEXT NOT NULL,
    "network_id" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "asset" TEXT NOT NULL,
    "to_address" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "tx_key" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'submitted',
    "item_count" INTEGER NOT NULL,
    "gas_limit" DECIMAL(78,0) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sweep_batches_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sweeps_key_key" ON "sweeps"("key");

-- CreateIndex
CREATE INDEX "sweeps_source_id_idx" ON "sweeps"("source_id");

-- CreateIndex
CREATE INDEX "sweep_items_network_id_livemode_status_idx" ON "sweep_items"("network_id", "livemode", "status");

-- CreateIndex
CREATE INDEX "sweep_items_address_idx" ON "sweep_items"("address");

-- CreateIndex
CREATE INDEX "sweep_items_batch_id_idx" ON "sweep_items"("batch_id");

-- CreateIndex
CREATE UNIQUE INDEX "sweep_batches_tx_key_key" ON "sweep_batches"("tx_key");

-- CreateIndex
CREATE INDEX "sweep_batches_network_id_livemode_status_idx" ON "sweep_batches"("network_id", "livemode", "status");

-- AddForeignKey
ALTER TABLE "sweep_items" ADD CONSTRAINT "sweep_items_sweep_id_fkey" FOREIGN KEY ("sweep_id") REFERENCES "sweeps"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- An amount to sweep is positive; statuses are a closed list.
ALTER TABLE "sweep_items" ADD CONSTRAINT "sweep_items_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "sweep_items" ADD CONSTRAINT "sweep_items_status_valid"
  CHECK ("status" IN ('queued', 'funding', 'submitted', 'confirmed', 'failed'));
ALTER TABLE "sweeps" ADD CONSTRAINT "sweeps_status_valid" CHECK ("status" IN ('queued', 'submitted', 'confirmed', 'failed'));
ALTER TABLE "sweeps" ADD CONSTRAINT "sweeps_purpose_valid" CHECK ("purpose" IN ('withdrawal', 'consolidation'));

-- A reservation learns its block when it is posted: moving pending -> posted may fill in tx_hash, block_number and
-- block_hash where they were null (a sweep's transfer is recorded at request time and posted at the confirmation of
-- the transaction that moved it). Everything else stays as the ledger migration made it.
CREATE OR REPLACE FUNCTION "ledger_transfer_guard"() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'ledger transfer % cannot be deleted: the ledger is append-only', OLD."id" USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW."status" = 'voided' THEN
      RAISE EXCEPTION 'ledger transfer % cannot be inserted voided', NEW."id" USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD."status" <> 'pending' OR NEW."status" = 'pending'
     OR (NEW."id", NEW."key", NEW."type", NEW."debit_account_id", NEW."credit_account_id", NEW."amount", NEW."merchant_id",
         NEW."livemode", NEW."network_id", NEW."asset", NEW."decimals", NEW."source_id", NEW."invoice_id", NEW."description",
         NEW."created_at")
        IS DISTINCT FROM
        (OLD."id", OLD."key", OLD."type", OLD."debit_account_id", OLD."credit_account_id", OLD."amount", OLD."merchant_id",
         OLD."livemode", OLD."network_id", OLD."asset", OLD."decimals", OLD."source_id", OLD."invoice_id", OLD."description",
         OLD."created_at")
     OR (OLD."tx_hash" IS NOT NULL AND NEW."tx_hash" IS DISTINCT FROM OLD."tx_hash")
     OR (OLD."block_number" IS NOT NULL AND NEW."block_number" IS DISTINCT FROM OLD."block_number")
     OR (OLD."block_hash" IS NOT NULL AND NEW."block_hash" IS DISTINCT FROM OLD."block_hash")
     OR (NEW."status" = 'voided' AND (NEW."tx_hash", NEW."block_number", NEW."block_hash")
                                     IS DISTINCT FROM (OLD."tx_hash", OLD."block_number", OLD."block_hash"))
  THEN
    RAISE EXCEPTION 'ledger transfer % is append-only: only pending may become posted or voided (was %, now %)', OLD."id", OLD."status", NEW."status"
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
