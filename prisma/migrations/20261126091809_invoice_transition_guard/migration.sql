-- CreateTable
CREATE TABLE "invoice_status_transitions" (
    "from_status" "InvoiceStatus" NOT NULL,
    "to_status" "InvoiceStatus" NOT NULL,

    CONSTRAINT "invoice_status_transitions_pkey" PRIMARY KEY ("from_status","to_status")
);

-- Seed: the allowed transitions (server/invoices/derive-invoice-state.ts, allowedTransitions).
INSERT INTO "invoice_status_transitions" ("from_status", "to_status") VALUES
  ('created', 'pending'),
  ('created', 'partially_paid'),
  ('created', 'paid'),
  ('created', 'expired'),
  ('created', 'cancelled'),
  ('created', 'review_required'),
  ('pending', 'created'),
  ('pending', 'partially_paid'),
  ('pending', 'paid'),
  ('pending', 'expired'),
  ('pending', 'review_required'),
  ('partially_paid', 'created'),
  ('partially_paid', 'pending'),
  ('partially_paid', 'paid'),
  ('partially_paid', 'expired'),
  ('partially_paid', 'review_required'),
  ('paid', 'review_required'),
  ('paid', 'pending'),
  ('expired', 'review_required'),
  ('cancelled', 'review_required'),
  ('review_required', 'paid'),
  ('review_required', 'refunded'),
  ('review_required', 'cancelled'),
  ('review_required', 'pending');

-- Guard: a status change not in the table is refused, whoever attempts it.
CREATE FUNCTION "invoice_status_transition_guard"() RETURNS trigger AS $$
BEGIN
  IF NEW."status" IS DISTINCT FROM OLD."status" AND NOT EXISTS (
    SELECT 1 FROM "invoice_status_transitions" t WHERE t."from_status" = OLD."status" AND t."to_status" = NEW."status"
  ) THEN
    RAISE EXCEPTION 'illegal invoice transition % -> % for %', OLD."status", NEW."status", OLD."id" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "invoices_status_transition_guard"
  BEFORE UPDATE OF "status" ON "invoices"
  FOR EACH ROW EXECUTE FUNCTION "invoice_status_transition_guard"();
