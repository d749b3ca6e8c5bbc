-- CreateEnum
CREATE TYPE "LedgerTransferStatus" AS ENUM ('pending', 'posted', 'voided');

-- CreateEnum
CREATE TYPE "LedgerTransferType" AS ENUM ('payment', 'deposit', 'payout', 'refund', 'withdrawal', 'split', 'adjustment');

-- CreateTable
CREATE TABLE "ledger_accounts" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "merchant_id" TEXT,
    "livemode" BOOLEAN NOT NULL,
    "network_id" TEXT NOT NULL,
    "asset" TEXT NOT NULL,
    "debits_pending" DECIMAL(78,0) NOT NULL DEFAULT 0,
    "debits_posted" DECIMAL(78,0) NOT NULL DEFAULT 0,
    "credits_pending" DECIMAL(78,0) NOT NULL DEFAULT 0,
    "credits_posted" DECIMAL(78,0) NOT NULL DEFAULT 0,
    "debits_must_not_exceed_credits" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_transfers" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "type" "LedgerTransferType" NOT NULL,
    "status" "LedgerTransferStatus" NOT NULL,
    "debit_account_id" TEXT NOT NULL,
    "credit_account_id" TEXT NOT NULL,
    "amount" DECIMAL(78,0) NOT NULL,
    "merchant_id" TEXT,
    "livemode" BOOLEAN NOT NULL,
    "network_id" TEXT NOT NULL,
    "asset" TEXT NOT NULL,
    "decimals" INTEGER NOT NULL,
    "source_id" TEXT,
    "invoice_id" TEXT,
    "tx_hash" TEXT,
    "block_number" BIGINT,
    "block_hash" TEXT,
    "description" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "posted_at" TIMESTAMP(3),
    "voided_at" TIMESTAMP(3),

    CONSTRAINT "ledger_transfers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ledger_accounts_merchant_id_livemode_network_id_asset_idx" ON "ledger_accounts"("merchant_id", "livemode", "network_id", "asset");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_transfers_key_key" ON "ledger_transfers"("key");

-- CreateIndex
CREATE INDEX "ledger_transfers_merchant_id_livemode_created_at_idx" ON "ledger_transfers"("merchant_id", "livemode", "created_at");

-- CreateIndex
CREATE INDEX "ledger_transfers_invoice_id_idx" ON "ledger_transfers"("invoice_id");

-- CreateIndex
CREATE INDEX "ledger_transfers_source_id_idx" ON "ledger_transfers"("source_id");

-- CreateIndex
CREATE INDEX "ledger_transfers_debit_account_id_idx" ON "ledger_transfers"("debit_account_id");

-- CreateIndex
CREATE INDEX "ledger_transfers_credit_account_id_idx" ON "ledger_transfers"("credit_account_id");

-- AddForeignKey
ALTER TABLE "ledger_transfers" ADD CONSTRAINT "ledger_transfers_debit_account_id_fkey" FOREIGN KEY ("debit_account_id") REFERENCES "ledger_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_transfers" ADD CONSTRAINT "ledger_transfers_credit_account_id_fkey" FOREIGN KEY ("credit_account_id") REFERENCES "ledger_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Invariants of the double-entry ledger (server/ledger/), enforced by PostgreSQL whatever code path writes.
ALTER TABLE "ledger_transfers" ADD CONSTRAINT "ledger_transfers_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "ledger_transfers" ADD CONSTRAINT "ledger_transfers_two_accounts" CHECK ("debit_account_id" <> "credit_account_id");
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_totals_non_negative"
  CHECK ("debits_pending" >= 0 AND "debits_posted" >= 0 AND "credits_pending" >= 0 AND "credits_posted" >= 0);
-- A spendable balance (a merchant's available) never goes below zero: debits, reserved or posted,
-- never exceed posted credits.
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_debits_within_credits"
  CHECK (NOT "debits_must_not_exceed_credits" OR "debits_pending" + "debits_posted" <= "credits_posted");

-- Append-only transfers: inserted pending or posted; afterwards only pending -> posted | voided (with its
-- timestamp) may change; any other edit and every DELETE is refused.
CREATE FUNCTION "ledger_transfer_guard"() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'ledger transfer % cannot be deleted: the ledger is append-only', OLD."id" USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW."status" = 'voided' THEN
      RAISE EXCEPTION 'ledger transfer % cannot be inserted voided', NEW."id" USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD."status" <> 'pending' OR NEW."status" = 'pending'
     OR (NEW."id", NEW."key", NEW."type", NEW."debit_account_id", NEW."credit_account_id", NEW."amount", NEW."merchant_id",
         NEW."livemode", NEW."network_id", NEW."asset", NEW."decimals", NEW."source_id", NEW."invoice_id", NEW."tx_hash",
         NEW."block_number", NEW."block_hash", NEW."description", NEW."created_at")
        IS DISTINCT FROM
        (OLD."id", OLD."key", OLD."type", OLD."debit_account_id", OLD."credit_account_id", OLD."amount", OLD."merchant_id",
         OLD."livemode", OLD."network_id", OLD."asset", OLD."decimals", OLD."source_id", OLD."invoice_id", OLD."tx_hash",
         OLD."block_number", OLD."block_hash", OLD."description", OLD."created_at")
  THEN
    RAISE EXCEPTION 'ledger transfer % is append-only: only pending may become posted or voided (was %, now %)', OLD."id", OLD."status", NEW."status"
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "ledger_transfers_guard"
  BEFORE INSERT OR UPDATE OR DELETE ON "ledger_transfers"
  FOR EACH ROW EXECUTE FUNCTION "ledger_transfer_guard"();

-- Balances move in the same statement as the transfer, so an account's totals always equal the sums
-- of its transfers. The two account rows are locked in id order first, so concurrent postings on the
-- same accounts cannot deadlock on one transfer.
CREATE FUNCTION "ledger_apply_transfer"() RETURNS trigger AS $$
DECLARE
  pending_delta DECIMAL(78,0);
  posted_delta DECIMAL(78,0);
BEGIN
  IF TG_OP = 'INSERT' THEN
    pending_delta := CASE WHEN NEW."status" = 'pending' THEN NEW."amount" ELSE 0 END;
    posted_delta := CASE WHEN NEW."status" = 'posted' THEN NEW."amount" ELSE 0 END;
  ELSE
    pending_delta := -NEW."amount";
    posted_delta := CASE WHEN NEW."status" = 'posted' THEN NEW."amount" ELSE 0 END;
  END IF;
  PERFORM 1 FROM "ledger_accounts" WHERE "id" IN (NEW."debit_account_id", NEW."credit_account_id") ORDER BY "id" FOR UPDATE;
  UPDATE "ledger_accounts"
     SET "debits_pending" = "debits_pending" + pending_delta, "debits_posted" = "debits_posted" + posted_delta, "updated_at" = now()
   WHERE "id" = NEW."debit_account_id";
  UPDATE "ledger_accounts"
     SET "credits_pending" = "credits_pending" + pending_delta, "credits_posted" = "credits_posted" + posted_delta, "updated_at" = now()
   WHERE "id" = NEW."credit_account_id";
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "ledger_transfers_apply"
  AFTER INSERT OR UPDATE OF "status" ON "ledger_transfers"
  FOR EACH ROW EXECUTE FUNCTION "ledger_apply_transfer"();

-- Accounts are never removed while the ledger holds their history.
CREATE FUNCTION "ledger_account_guard"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'ledger account % cannot be deleted', OLD."id" USING ERRCODE = 'check_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "ledger_accounts_guard"
  BEFORE DELETE ON "ledger_accounts"
  FOR EACH ROW EXECUTE FUNCTION "ledger_account_guard"();
