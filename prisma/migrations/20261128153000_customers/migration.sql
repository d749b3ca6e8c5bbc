-- Customers (permanent deposit addresses on their own HD branch) and their deposits; schedules may bill a customer.
-- CreateEnum
CREATE TYPE "DepositStatus" AS ENUM ('pending', 'confirmed', 'reorged', 'below_minimum');

-- AlterTable
ALTER TABLE "invoice_schedules" ADD COLUMN     "customer_id" TEXT;

-- CreateTable
CREATE TABLE "customers" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "reference" TEXT NOT NULL,
    "email" TEXT,
    "name" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "deposit_index" INTEGER NOT NULL,
    "deposit_address" TEXT NOT NULL,
    "derivation_path" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deposits" (
    "id" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "network_id" TEXT NOT NULL,
    "asset" TEXT NOT NULL,
    "token_address" TEXT,
    "decimals" INTEGER NOT NULL,
    "tx_hash" TEXT NOT NULL,
    "log_index" INTEGER NOT NULL,
    "from_address" TEXT NOT NULL,
    "to_address" TEXT NOT NULL,
    "amount" DECIMAL(78,0) NOT NULL,
    "block_number" BIGINT NOT NULL,
    "block_hash" TEXT NOT NULL,
    "status" "DepositStatus" NOT NULL DEFAULT 'pending',
    "below_minimum" BOOLEAN NOT NULL DEFAULT false,
    "detected_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmed_at" TIMESTAMP(3),
    "reorged_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "deposits_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "customers_deposit_address_key" ON "customers"("deposit_address");

-- CreateIndex
CREATE INDEX "customers_merchant_id_livemode_created_at_idx" ON "customers"("merchant_id", "livemode", "created_at");

-- CreateIndex
CREATE INDEX "customers_livemode_created_at_idx" ON "customers"("livemode", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "customers_merchant_id_livemode_reference_key" ON "customers"("merchant_id", "livemode", "reference");

-- CreateIndex
CREATE UNIQUE INDEX "customers_merchant_id_livemode_deposit_index_key" ON "customers"("merchant_id", "livemode", "deposit_index");

-- CreateIndex
CREATE INDEX "deposits_customer_id_detected_at_idx" ON "deposits"("customer_id", "detected_at");

-- CreateIndex
CREATE INDEX "deposits_merchant_id_livemode_detected_at_idx" ON "deposits"("merchant_id", "livemode", "detected_at");

-- CreateIndex
CREATE INDEX "deposits_network_id_status_block_number_idx" ON "deposits"("network_id", "status", "block_number");

-- CreateIndex
CREATE INDEX "deposits_detected_at_id_idx" ON "deposits"("detected_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "deposits_network_id_tx_hash_log_index_key" ON "deposits"("network_id", "tx_hash", "log_index");

-- AddForeignKey
ALTER TABLE "invoice_schedules" ADD CONSTRAINT "invoice_schedules_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customers" ADD CONSTRAINT "customers_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deposits" ADD CONSTRAINT "deposits_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

