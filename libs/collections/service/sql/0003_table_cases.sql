-- One row per collection case (issued invoice): the folded stream, plus the columns queries
-- filter and sort on. Amounts are decimal strings with the currency's minor units.
CREATE TABLE collections_rm.cases (
  invoice_id text PRIMARY KEY,
  billing_account_id text NOT NULL,
  invoice_number text NOT NULL,
  currency text NOT NULL,
  status text NOT NULL,
  due_date text NOT NULL,
  amount_open text NOT NULL,
  amount_chaseable text NOT NULL,
  plan_id text,
  promise_date text,
  state jsonb NOT NULL,
  stream_version integer NOT NULL
);
CREATE INDEX cases_by_account ON collections_rm.cases (billing_account_id, due_date);
CREATE INDEX cases_open_by_due_date ON collections_rm.cases (due_date) WHERE status = 'open';
