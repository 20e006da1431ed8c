-- Amounts are decimal strings with the currency's minor units, exactly as the events carry them.
CREATE TABLE invoicing_rm.invoices (
  invoice_id text PRIMARY KEY,
  billing_account_id text NOT NULL,
  number text,
  status text NOT NULL,
  currency text NOT NULL,
  subtotal text NOT NULL,
  tax_total text NOT NULL,
  total text NOT NULL,
  amount_open text,
  issue_date text,
  due_date text,
  purchase_order_number text,
  corrects_invoice_id text,
  memo text,
  lines jsonb NOT NULL,
  last_review jsonb,
  sent_at text,
  stream_version integer NOT NULL
);
CREATE INDEX invoices_by_account_status ON invoicing_rm.invoices (billing_account_id, status);
