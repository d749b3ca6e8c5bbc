-- CreateEnum
CREATE TYPE "AutoWithdrawalStatus" AS ENUM ('pending_activation', 'active', 'disabled');

-- CreateEnum
CREATE TYPE "WithdrawalStatus" AS ENUM ('pending', 'submitted', 'confirmed', 'failed');

-- CreateTable
CREATE TABLE "auto_withdrawals" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "network_id" TEXT NOT NULL,
    "asset" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "threshold" DECIMAL(78,0) NOT NULL,
    "keep" DECIMAL(78,0) NOT NULL DEFAULT 0,
    "status" "AutoWithdrawalStatus" NOT NULL,
    "active_at" TIMESTAMP(3) NOT NULL,
    "current_slot" TEXT,
    "withdrawal_count" INTEGER NOT NULL DEFAULT 0,
    "created_by" TEXT NOT NULL,
    "disabled_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "auto_withdrawals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "withdrawals" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "auto_withdrawal_id" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "network_id" TEXT NOT NULL,
    "asset" TEXT NOT NULL,
    "decimals" INTEGER NOT NULL,
    "address" TEXT NOT NULL,
    "amount" DECIMAL(78,0) NOT NULL,
    "status" "WithdrawalStatus" NOT NULL DEFAULT 'pending',
    "sweep_id" TEXT,
    "tx_hashes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "network_fee" DECIMAL(78,0),
    "failure_reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submitted_at" TIMESTAMP(3),
    "confirmed_at" TIMESTAMP(3),
    "failed_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "withdrawals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "read_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "platform_wallets" (
    "role" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "address" TEXT NOT NULL,
    "key_path" TEXT NOT NULL,
    "recorded_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "platform_wallets_pkey" PRIMARY KEY ("role","livemode")
);

-- CreateIndex
CREATE UNIQUE INDEX "auto_withdrawals_current_slot_key" ON "auto_withdrawals"("current_slot");

-- CreateIndex
CREATE INDEX "auto_withdrawals_merchant_id_livemode_created_at_idx" ON "auto_withdrawals"("merchant_id", "livemode", "created_at");

-- CreateIndex
CREATE INDEX "auto_withdrawals_status_active_at_idx" ON "auto_withdrawals"("status", "active_at");

-- CreateIndex
CREATE INDEX "withdrawals_merchant_id_livemode_created_at_idx" ON "withdrawals"("merchant_id", "livemode", "created_at");

-- CreateIndex
CREATE INDEX "withdrawals_sweep_id_idx" ON "withdrawals"("sweep_id");

-- CreateIndex
CREATE UNIQUE INDEX "withdrawals_auto_withdrawal_id_sequence_key" ON "withdrawals"("auto_withdrawal_id", "sequence");

-- CreateIndex
CREATE INDEX "notifications_user_id_merchant_id_created_at_idx" ON "notifications"("user_id", "merchant_id", "created_at");

-- AddForeignKey
ALTER TABLE "withdrawals" ADD CONSTRAINT "withdrawals_auto_withdrawal_id_fkey" FOREIGN KEY ("auto_withdrawal_id") REFERENCES "auto_withdrawals"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

