-- Invoice schedules (plan renewals, server/schedules/): the template of an invoice created once per period,
-- one row per period in invoice_schedule_runs (its primary key makes each period's invoice exactly-once),
-- and the schedule of each invoice it created.

-- CreateEnum
CREATE TYPE "InvoiceScheduleStatus" AS ENUM ('active', 'paused', 'cancelled');

-- CreateEnum
CREATE TYPE "InvoiceScheduleInterval" AS ENUM ('day', 'week', 'month', 'year');

-- CreateEnum
CREATE TYPE "InvoiceScheduleRunStatus" AS ENUM ('created', 'skipped');

-- AlterTable
ALTER TABLE "invoices" ADD COLUMN "schedule_id" TEXT;

-- CreateTable
CREATE TABLE "invoice_schedules" (
    "id" TEXT NOT NULL,
    "merchant_id" TEXT NOT NULL,
    "livemode" BOOLEAN NOT NULL,
    "status" "InvoiceScheduleStatus" NOT NULL DEFAULT 'active',
    "amount" DECIMAL(78,0) NOT NULL,
    "currency" TEXT NOT NULL,
    "currency_decimals" INTEGER NOT NULL,
    "interval" "InvoiceScheduleInterval" NOT NULL,
    "interval_count" INTEGER NOT NULL,
    "start_at" TIMESTAMP(3) NOT NULL,
    "order_id_prefix" TEXT,
    "description" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "payment_methods" JSONB,
    "expires_in" INTEGER,
    "next_period" INTEGER NOT NULL DEFAULT 1,
    "next_run_at" TIMESTAMP(3) NOT NULL,
    "invoices_created" INTEGER NOT NULL DEFAULT 0,
    "last_invoice_id" TEXT,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "retry_at" TIMESTAMP(3),
    "last_error" TEXT,
    "paused_at" TIMESTAMP(3),
    "cancelled_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "invoice_schedules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoice_schedule_runs" (
    "schedule_id" TEXT NOT NULL,
    "period" INTEGER NOT NULL,
    "status" "InvoiceScheduleRunStatus" NOT NULL,
    "skip_reason" TEXT,
    "due_at" TIMESTAMP(3) NOT NULL,
    "invoice_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invoice_schedule_runs_pkey" PRIMARY KEY ("schedule_id","period")
);

-- CreateIndex
CREATE INDEX "invoice_schedules_merchant_id_livemode_created_at_idx" ON "invoice_schedules"("merchant_id", "livemode", "created_at");

-- CreateIndex
CREATE INDEX "invoice_schedules_status_next_run_at_idx" ON "invoice_schedules"("status", "next_run_at");

-- CreateIndex
CREATE UNIQUE INDEX "invoice_schedule_runs_invoice_id_key" ON "invoice_schedule_runs"("invoice_id");

-- CreateIndex
CREATE INDEX "invoices_schedule_id_idx" ON "invoices"("schedule_id");

-- AddForeignKey
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "invoice_schedules"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_schedules" ADD CONSTRAINT "invoice_schedules_merchant_id_fkey" FOREIGN KEY ("merchant_id") REFERENCES "merchants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_schedule_runs" ADD CONSTRAINT "invoice_schedule_runs_schedule_id_fkey" FOREIGN KEY ("schedule_id") REFERENCES "invoice_schedules"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_schedule_runs" ADD CONSTRAINT "invoice_schedule_runs_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A period's run is written once and never changed: its invoice, or the record that it was skipped.
CREATE FUNCTION invoice_schedule_runs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'invoice_schedule_runs rows are append-only';
END;
$$;
CREATE TRIGGER invoice_schedule_runs_append_only BEFORE UPDATE OR DELETE ON "invoice_schedule_runs"
  FOR EACH ROW EXECUTE FUNCTION invoice_schedule_runs_append_only();
