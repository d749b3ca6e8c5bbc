-- Operator funding of the platform wallets: transfers to the gas or hot wallet from an address that is not Payrail's,
-- recorded by the watcher and posted in the ledger (operator:funding → the wallet's operator account).
-- CreateEnum
CREATE TYPE "OperatorFundingStatus" AS ENUM ('pending', 'confirmed', 'reorged');

-- CreateTable
CREATE TABLE "operator_fundings" (
    "id" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "network_id" TEXT NOT NULL,
    "role" TEXT NOT NULL,
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
    "status" "OperatorFundingStatus" NOT NULL DEFAULT 'pending',
    "detected_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmed_at" TIMESTAMP(3),
    "reorged_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "operator_fundings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "operator_fundings_network_id_tx_hash_log_index_key" ON "operator_fundings"("network_id", "tx_hash", "log_index");

-- CreateIndex
CREATE INDEX "operator_fundings_network_id_status_block_number_idx" ON "operator_fundings"("network_id", "status", "block_number");
