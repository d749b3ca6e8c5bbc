-- Money out, finishing: exact-fee fallback sweeps, cancel transactions for stuck lanes, and one open sweep item per
-- deposit address (a withdrawal and a consolidation never take the same address at once).

-- AlterTable
ALTER TABLE "sweep_batches" ADD COLUMN     "fee_per_gas" DECIMAL(78,0);

-- AlterTable
ALTER TABLE "outgoing_transactions" ADD COLUMN     "cancel_requested_at" TIMESTAMP(3),
ADD COLUMN     "fixed_fee_per_gas" DECIMAL(78,0);

-- AlterTable
ALTER TABLE "outgoing_transaction_attempts" ADD COLUMN     "cancel" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "sweep_address_locks" (
    "network_id" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "sweep_item_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sweep_address_locks_pkey" PRIMARY KEY ("network_id","address")
);

-- CreateIndex
CREATE UNIQUE INDEX "sweep_address_locks_sweep_item_id_key" ON "sweep_address_locks"("sweep_item_id");

-- The lock follows the item: taken when an open item is inserted (a second open item for the address fails with
-- unique_violation on sweep_address_locks_pkey, rolling its sweep back), released when the item is confirmed or failed.
CREATE FUNCTION "sweep_items_lock_address"() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW."status" NOT IN ('confirmed', 'failed') THEN
      INSERT INTO "sweep_address_locks" ("network_id", "address", "sweep_item_id")
      VALUES (NEW."network_id", NEW."address", NEW."id");
    END IF;
  ELSIF NEW."status" IN ('confirmed', 'failed') AND OLD."status" NOT IN ('confirmed', 'failed') THEN
    DELETE FROM "sweep_address_locks" WHERE "sweep_item_id" = NEW."id";
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "sweep_items_lock_address"
AFTER INSERT OR UPDATE OF "status" ON "sweep_items"
FOR EACH ROW EXECUTE FUNCTION "sweep_items_lock_address"();

-- A batch transaction that reverted moved nothing: its payouts are split in halves and planned again, so one bad
-- item fails alone instead of failing the whole batch.
ALTER TABLE "payouts" ADD COLUMN "split_group" TEXT;

-- Once handed to the sender, a payout's transaction request never changes (sent at most once), except that a
-- request mined reverted (nothing moved on chain) releases its payouts for re-planning.
CREATE OR REPLACE FUNCTION "payouts_outgoing_key_guard"() RETURNS trigger AS $$
BEGIN
  IF OLD."outgoing_key" IS NOT NULL AND NEW."outgoing_key" IS DISTINCT FROM OLD."outgoing_key" THEN
    IF NEW."outgoing_key" IS NOT NULL OR NOT EXISTS (
      SELECT 1 FROM "outgoing_transactions" o
       WHERE o."key" = OLD."outgoing_key" AND o."status" = 'confirmed' AND o."receipt_status" = 'reverted'
    ) THEN
      RAISE EXCEPTION 'payout % is already in transaction request %', OLD."id", OLD."outgoing_key" USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  IF OLD."outgoing_key" IS NOT NULL AND NEW."status" = 'cancelled' THEN
    RAISE EXCEPTION 'payout % was handed to the sender and cannot be cancelled', OLD."id" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
