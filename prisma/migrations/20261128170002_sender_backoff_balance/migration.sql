-- The sender's balance when the node last refused a transaction: once the wallet holds more (it was funded), the
-- transaction is offered again at once instead of waiting out its backoff.

-- AlterTable
ALTER TABLE "outgoing_transactions" ADD COLUMN     "refused_balance" DECIMAL(78,0);
