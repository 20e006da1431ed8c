-- Billing accounts as invoicing's events describe them (who a reminder is addressed to), and the
-- segment collections assigned (whose dunning policy applies).
CREATE TABLE collections_rm.accounts (
  billing_account_id text PRIMARY KEY,
  legal_name text,
  contact_name text,
  email text,
  postal_address text,
  currency text,
  segment text NOT NULL DEFAULT 'standard'
);
