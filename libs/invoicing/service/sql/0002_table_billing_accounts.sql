CREATE TABLE invoicing_rm.billing_accounts (
  billing_account_id text PRIMARY KEY,
  legal_name text NOT NULL,
  email text NOT NULL,
  currency text NOT NULL,
  payment_terms_days integer NOT NULL,
  purchase_order_required boolean NOT NULL,
  status text NOT NULL,
  verified boolean NOT NULL DEFAULT false,
  verification_problems jsonb NOT NULL DEFAULT '[]',
  on_hold boolean NOT NULL DEFAULT false,
  hold_reason text,
  updated_at text NOT NULL
);
