-- Dust: payments below the asset's minimum credited amount are recorded but never credited.
ALTER TABLE "payments" ADD COLUMN "dust" BOOLEAN NOT NULL DEFAULT false;

-- An absolute underpayment tolerance is stated in one currency and applies only to invoices priced in it.
ALTER TABLE "merchants" ADD COLUMN "underpayment_tolerance_currency" TEXT NOT NULL DEFAULT 'USD';
-- Percentages above the new 5% cap are brought down to it (new invoices only; existing ones keep theirs).
UPDATE "merchants" SET "underpayment_tolerance_value" = '5'
 WHERE "underpayment_tolerance_kind" = 'percent' AND "underpayment_tolerance_value" ~ '^[0-9]+(\.[0-9]+)?$'
   AND "underpayment_tolerance_value"::numeric > 5;

-- A range that keeps failing is counted on the cursor, then quarantined.
ALTER TABLE "network_cursors" ADD COLUMN "failing_from_block" BIGINT,
                              ADD COLUMN "failing_attempts" INTEGER NOT NULL DEFAULT 0;

CREATE TABLE "scan_quarantines" (
    "id" TEXT NOT NULL,
    "network_id" TEXT NOT NULL,
    "from_block" BIGINT NOT NULL,
    "to_block" BIGINT NOT NULL,
    "to_block_hash" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "last_error" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rescanned_at" TIMESTAMP(3),

    CONSTRAINT "scan_quarantines_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "scan_quarantines_network_id_rescanned_at_idx" ON "scan_quarantines"("network_id", "rescanned_at");
