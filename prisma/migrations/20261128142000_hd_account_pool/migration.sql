-- Merchant HD accounts derived ahead of time (server/wallets/hd-account-pool.ts): the web process derives
-- deposit addresses from their extended public keys and needs no master seed.

-- CreateTable
CREATE TABLE "hd_accounts" (
    "index" INTEGER NOT NULL,
    "xpub_test" TEXT,
    "xpub_live" TEXT,
    "merchant_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "hd_accounts_pkey" PRIMARY KEY ("index"),
    -- 2147483646 and above are the platform's own (server/wallets/platform-keys.ts).
    CONSTRAINT "hd_accounts_index_range" CHECK ("index" >= 0 AND "index" < 2147483646),
    CONSTRAINT "hd_accounts_xpubs_together" CHECK (("xpub_test" IS NULL) = ("xpub_live" IS NULL))
);

-- CreateIndex
CREATE UNIQUE INDEX "hd_accounts_merchant_id_key" ON "hd_accounts"("merchant_id");

-- CreateIndex: the unassigned accounts (merchant_id IS NULL) in index order, for the claim at merchant creation.
CREATE INDEX "hd_accounts_merchant_id_index_idx" ON "hd_accounts"("merchant_id", "index");

-- AddForeignKey
ALTER TABLE "hd_accounts" ADD CONSTRAINT "hd_accounts_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Existing merchants keep their accounts; the worker or `payrail keys fill-pool` derives their xpubs.
INSERT INTO "hd_accounts" ("index", "merchant_id") SELECT "hd_account_index", "id" FROM "merchants";

