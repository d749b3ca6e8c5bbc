-- Transaction lanes and outgoing transactions (server/sender/): the one component that signs and broadcasts.

-- CreateEnum
CREATE TYPE "OutgoingTransactionStatus" AS ENUM ('queued', 'pending', 'confirmed', 'failed');

-- CreateTable
CREATE TABLE "tx_lanes" (
    "id" TEXT NOT NULL,
    "network_id" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "key_path" TEXT NOT NULL,
    "address" TEXT,
    "next_nonce" BIGINT,
    "lease_owner" TEXT,
    "lease_until" TIMESTAMP(3),
    "frozen_at" TIMESTAMP(3),
    "frozen_reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tx_lanes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outgoing_transactions" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "lane_id" TEXT NOT NULL,
    "network_id" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "purpose" TEXT NOT NULL,
    "source_id" TEXT NOT NULL,
    "to_address" TEXT NOT NULL,
    "data" TEXT,
    "value" DECIMAL(78,0) NOT NULL,
    "gas_limit" DECIMAL(78,0) NOT NULL,
    "authorization_list" JSONB,
    "self_delegate_to" TEXT,
    "status" "OutgoingTransactionStatus" NOT NULL DEFAULT 'queued',
    "nonce" BIGINT,
    "hash" TEXT,
    "submitted_at" TIMESTAMP(3),
    "mined_hash" TEXT,
    "mined_block_number" BIGINT,
    "mined_block_hash" TEXT,
    "receipt_status" TEXT,
    "gas_used" DECIMAL(78,0),
    "effective_gas_price" DECIMAL(78,0),
    "confirmed_at" TIMESTAMP(3),
    "failed_at" TIMESTAMP(3),
    "failure_reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outgoing_transactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outgoing_transaction_attempts" (
    "outgoing_transaction_id" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "nonce" BIGINT NOT NULL,
    "hash" TEXT NOT NULL,
    "raw" TEXT NOT NULL,
    "max_fee_per_gas" DECIMAL(78,0) NOT NULL,
    "max_priority_fee_per_gas" DECIMAL(78,0) NOT NULL,
    "signed_at_block" BIGINT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "broadcast_at" TIMESTAMP(3),

    CONSTRAINT "outgoing_transaction_attempts_pkey" PRIMARY KEY ("outgoing_transaction_id","attempt")
);

-- CreateIndex
CREATE UNIQUE INDEX "tx_lanes_network_id_key_path_key" ON "tx_lanes"("network_id", "key_path");

-- CreateIndex
CREATE UNIQUE INDEX "outgoing_transactions_key_key" ON "outgoing_transactions"("key");

-- CreateIndex
CREATE INDEX "outgoing_transactions_lane_id_status_seq_idx" ON "outgoing_transactions"("lane_id", "status", "seq");

-- CreateIndex
CREATE INDEX "outgoing_transactions_source_id_idx" ON "outgoing_transactions"("source_id");

-- CreateIndex
CREATE UNIQUE INDEX "outgoing_transaction_attempts_hash_key" ON "outgoing_transaction_attempts"("hash");

-- AddForeignKey
ALTER TABLE "outgoing_transactions" ADD CONSTRAINT "outgoing_transactions_lane_id_fkey" FOREIGN KEY ("lane_id") REFERENCES "tx_lanes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outgoing_transaction_attempts" ADD CONSTRAINT "outgoing_transaction_attempts_outgoing_transaction_id_fkey" FOREIGN KEY ("outgoing_transaction_id") REFERENCES "outgoing_transactions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
