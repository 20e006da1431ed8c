-- Amounts are decimal strings with the currency's minor units.
CREATE TABLE payments_rm.payments (
  payment_id text PRIMARY KEY,
  billing_account_id text NOT NULL,
  currency text NOT NULL,
  amount text NOT NULL,
  applied text NOT NULL,
  pending text NOT NULL,
  unapplied text NOT NULL,
  refunded text NOT NULL,
  reversed text NOT NULL,
  status text NOT NULL,
  method text NOT NULL,
  external_reference text NOT NULL,
  received_date text NOT NULL,
  allocations jsonb NOT NULL,
  confirmation jsonb,
  stream_version integer NOT NULL
);
CREATE INDEX payments_by_account ON payments_rm.payments (billing_account_id, received_date);
