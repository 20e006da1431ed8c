-- Invoices as invoicing's events described them; allocation reads the open ones.
CREATE TABLE payments_rm.open_invoices (
  invoice_id text PRIMARY KEY,
  billing_account_id text NOT NULL,
  number text NOT NULL,
  currency text NOT NULL,
  issue_date text NOT NULL,
  due_date text NOT NULL,
  total text NOT NULL,
  amount_open text NOT NULL,
  status text NOT NULL
);
CREATE INDEX open_invoices_by_account ON payments_rm.open_invoices (billing_account_id, due_date);
