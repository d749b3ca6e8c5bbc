-- AlterTable: when the expiry job last looked at an open invoice past its expiry (server/invoices/expire-due-invoices.ts).
ALTER TABLE "invoices" ADD COLUMN "expiry_checked_at" TIMESTAMP(3);
