-- CreateTable
CREATE TABLE "user_totps" (
    "user_id" TEXT NOT NULL,
    "secret_sealed" TEXT NOT NULL,
    "enabled_at" TIMESTAMP(3),
    "last_used_step" BIGINT,
    "failed_attempts" INTEGER NOT NULL DEFAULT 0,
    "failed_window_started_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_totps_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "totp_recovery_codes" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "code_hash" TEXT NOT NULL,
    "used_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "totp_recovery_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payout_allowlist_entries" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "address" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "active_at" TIMESTAMP(3) NOT NULL,
    "current_slot" TEXT,
    "created_by" TEXT NOT NULL,
    "removed_by" TEXT,
    "removed_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payout_allowlist_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payout_auto_approval_limits" (
    "merchant_id" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "network_id" TEXT NOT NULL,
    "asset" TEXT NOT NULL,
    "amount" DECIMAL(78,0) NOT NULL,
    "updated_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payout_auto_approval_limits_pkey" PRIMARY KEY ("merchant_id","livemode","network_id","asset")
);

-- CreateIndex
CREATE UNIQUE INDEX "totp_recovery_codes_user_id_code_hash_key" ON "totp_recovery_codes"("user_id", "code_hash");

-- CreateIndex
CREATE UNIQUE INDEX "payout_allowlist_entries_current_slot_key" ON "payout_allowlist_entries"("current_slot");

-- CreateIndex
CREATE INDEX "payout_allowlist_entries_merchant_id_livemode_created_at_idx" ON "payout_allowlist_entries"("merchant_id", "livemode", "created_at");

-- AddForeignKey
ALTER TABLE "user_totps" ADD CONSTRAINT "user_totps_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "totp_recovery_codes" ADD CONSTRAINT "totp_recovery_codes_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "user_totps"("user_id") ON DELETE CASCADE ON UPDATE CASCADE;
