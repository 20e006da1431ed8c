-- One row per dispute, the dispute's folded stream: what the lists and the hold per invoice read.
CREATE TABLE disputes_rm.disputes (
  dispute_id text PRIMARY KEY,
  billing_account_id text NOT NULL,
  invoice_id text NOT NULL,
  invoice_number text,
  scope text NOT NULL,
  line_ids jsonb NOT NULL,
  amount text NOT NULL,
  currency text NOT NULL,
  reason_category text NOT NULL,
  source text NOT NULL,
  chargeback_reference text,
  status text NOT NULL,
  owner text,
  department text,
  opened_at text NOT NULL,
  resolution_due_date text NOT NULL,
  escalated boolean NOT NULL,
  outcome text,
  accepted_amount text,
  released_amount text,
  resolved_at text,
  stream_version integer NOT NULL
);
CREATE INDEX disputes_open_by_age ON disputes_rm.disputes (opened_at) WHERE status = 'open';
CREATE INDEX disputes_open_by_due_date ON disputes_rm.disputes (resolution_due_date)
  WHERE status = 'open' AND NOT escalated;
CREATE INDEX disputes_by_invoice ON disputes_rm.disputes (invoice_id, status);
