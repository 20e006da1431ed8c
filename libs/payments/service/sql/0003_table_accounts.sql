-- Billing accounts as invoicing's events announced them (currency for the payment check).
CREATE TABLE payments_rm.accounts (
  billing_account_id text PRIMARY KEY,
  currency text NOT NULL
);
