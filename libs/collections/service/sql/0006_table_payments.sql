-- Payments as payments' events announced them: the date the money arrived, which decides whether
-- an instalment was paid on time (the allocation may be confirmed days later).
CREATE TABLE collections_rm.payments (
  payment_id text PRIMARY KEY,
  billing_account_id text NOT NULL,
  received_date text NOT NULL
);
