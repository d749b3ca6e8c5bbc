-- CreateEnum
CREATE TYPE "ToleranceKind" AS ENUM ('none', 'absolute', 'percent');

-- CreateEnum
CREATE TYPE "ResolutionAction" AS ENUM ('accept', 'refund', 'close');

-- AlterTable
ALTER TABLE "invoices" ADD COLUMN     "resolved_at" TIMESTAMP(3),
ADD COLUMN     "underpayment_tolerance" DECIMAL(78,0) NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "merchants" ADD COLUMN     "accent_color" TEXT,
ADD COLUMN     "logo_url" TEXT,
ADD COLUMN     "underpayment_tolerance_kind" "ToleranceKind" NOT NULL DEFAULT 'none',
ADD COLUMN     "underpayment_tolerance_value" TEXT NOT NULL DEFAULT '0';

-- AlterTable
ALTER TABLE "payment_options" ADD COLUMN     "rate" TEXT,
ADD COLUMN     "rate_at" TIMESTAMP(3),
ADD COLUMN     "rate_source" TEXT;

-- AlterTable
ALTER TABLE "webhook_endpoints" ADD COLUMN     "deleted_at" TIMESTAMP(3),
ADD COLUMN     "disabled_at" TIMESTAMP(3),
ADD COLUMN     "disabled_reason" TEXT,
ADD COLUMN     "failing_since" TIMESTAMP(3),
ADD COLUMN     "previous_secret_encrypted" TEXT,
ADD COLUMN     "previous_secret_expires_at" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "invoice_resolutions" (
    "id" TEXT NOT NULL,
    "invoice_id" TEXT NOT NULL,
    "action" "ResolutionAction" NOT NULL,
    "note" TEXT,
    "refund_address" TEXT,
    "refund_network" TEXT,
    "refund_asset" TEXT,
    "refund_amount" DECIMAL(78,0),
    "actor" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invoice_resolutions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "key" TEXT NOT NULL,
    "request_method" TEXT NOT NULL,
    "request_path" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "response_status" INTEGER,
    "response_body" TEXT,
    "locked_until" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "invoice_resolutions_invoice_id_idx" ON "invoice_resolutions"("invoice_id");

-- CreateIndex
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "idempotency_keys_merchant_id_livemode_key_key" ON "idempotency_keys"("merchant_id", "livemode", "key");

-- CreateIndex
CREATE INDEX "deposit_addresses_created_at_idx" ON "deposit_addresses"("created_at");

-- AddForeignKey
ALTER TABLE "invoice_resolutions" ADD CONSTRAINT "invoice_resolutions_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
