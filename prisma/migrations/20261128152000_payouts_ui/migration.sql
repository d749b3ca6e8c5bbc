-- The withdrawals export reads the blocks of a withdrawal's sweep items by sweep.
-- CreateIndex
CREATE INDEX "sweep_items_sweep_id_idx" ON "sweep_items"("sweep_id");
