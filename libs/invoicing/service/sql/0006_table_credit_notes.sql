-- One row per credit note (pending approval, issued or rejected), for the credit note list.
-- Filled by its own projection (invoicing.credit-notes.v1), which starts from the first event,
-- so notes issued before this table existed are listed too. Amounts are decimal strings.
CREATE TABLE invoicing_rm.credit_notes (
  credit_note_id text PRIMARY KEY,
  invoice_id text NOT NULL,
  billing_account_id text NOT NULL,
  -- null while pending approval or when rejected: a number is taken at issue only
  number text,
  status text NOT NULL,
  currency text NOT NULL,
  amount text NOT NULL,
  net_amount text,
  tax_amount text,
  reason text NOT NULL,
  dispute_id text,
  issue_date text,
  requested_at text,
  -- page order: issue date (pending and rejected notes, which have none, last), then id
  issue_date_key text COLLATE "C" GENERATED ALWAYS AS (coalesce(issue_date, '9999-12-31')) STORED
);
CREATE INDEX credit_notes_list ON invoicing_rm.credit_notes (issue_date_key, credit_note_id);
CREATE INDEX credit_notes_list_by_account
  ON invoicing_rm.credit_notes (billing_account_id, issue_date_key, credit_note_id);
CREATE INDEX credit_notes_list_by_status
  ON invoicing_rm.credit_notes (status, issue_date_key, credit_note_id);
CREATE INDEX credit_notes_by_invoice ON invoicing_rm.credit_notes (invoice_id);
CREATE INDEX credit_notes_by_number ON invoicing_rm.credit_notes (number) WHERE number IS NOT NULL;
