-- CreateIndex
CREATE INDEX "payments_detected_at_id_idx" ON "payments"("detected_at", "id");
