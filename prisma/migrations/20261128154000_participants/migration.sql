-- AlterTable
ALTER TABLE "payouts" ADD COLUMN     "participant_id" TEXT;

-- CreateTable
CREATE TABLE "participants" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "reference" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "participants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoice_splits" (
    "invoice_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "participant_id" TEXT NOT NULL,
    "basis_points" INTEGER NOT NULL,

    CONSTRAINT "invoice_splits_pkey" PRIMARY KEY ("invoice_id","position")
);

-- CreateIndex
CREATE INDEX "participants_merchant_id_livemode_created_at_idx" ON "participants"("merchant_id", "livemode", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "participants_merchant_id_livemode_reference_key" ON "participants"("merchant_id", "livemode", "reference");

-- CreateIndex
CREATE INDEX "invoice_splits_participant_id_idx" ON "invoice_splits"("participant_id");

-- AddForeignKey
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_participant_id_fkey" FOREIGN KEY ("participant_id") REFERENCES "participants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participants" ADD CONSTRAINT "participants_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_splits" ADD CONSTRAINT "invoice_splits_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_splits" ADD CONSTRAINT "invoice_splits_participant_id_fkey" FOREIGN KEY ("participant_id") REFERENCES "participants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A split is a positive share of at most 100% (hundredths of a percent); an invoice's shares sum to at most 100%
-- (checked by the API before the invoice is written: server/participants/resolve-splits.ts).
ALTER TABLE "invoice_splits" ADD CONSTRAINT "invoice_splits_basis_points_range" CHECK ("basis_points" > 0 AND "basis_points" <= 10000);
