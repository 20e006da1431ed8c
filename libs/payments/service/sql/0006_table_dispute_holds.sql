-- What each dispute holds of its invoice, from the disputes context's events (and invoicing's
-- credit note that settles an accepted part). Keyed by dispute, not invoice, because disputes'
-- and invoicing's topics arrive in no order relative to each other.
-- status: open (whole amount held), resolved (an accepted part still held until its credit
-- note), closed (nothing held; a late or repeated dispute event never holds it again).
CREATE TABLE payments_rm.dispute_holds (
  dispute_id text PRIMARY KEY,
  invoice_id text NOT NULL,
  billing_account_id text NOT NULL,
  currency text NOT NULL,
  amount_held text NOT NULL,
  status text NOT NULL
);
CREATE INDEX dispute_holds_by_invoice ON payments_rm.dispute_holds (invoice_id);
