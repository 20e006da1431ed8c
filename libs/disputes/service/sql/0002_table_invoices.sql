-- Invoices as invoicing's events described them (never read from invoicing's tables). A dispute is
-- checked against this row: its lines, its total and what is still open. Amounts are decimal
-- strings with the currency's minor units, set from the events, never computed here.
CREATE TABLE disputes_rm.invoices (
  invoice_id text PRIMARY KEY,
  billing_account_id text NOT NULL,
  number text NOT NULL,
  currency text NOT NULL,
  issue_date text NOT NULL,
  due_date text NOT NULL,
  total text NOT NULL,
  amount_open text NOT NULL,
  status text NOT NULL,
  -- [{lineId, description, total}]
  lines jsonb NOT NULL
);
CREATE INDEX invoices_by_account ON disputes_rm.invoices (billing_account_id);
