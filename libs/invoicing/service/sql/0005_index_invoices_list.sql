-- The invoice list (GET /invoicing/invoices) pages by (due date, id), drafts (no due date yet)
-- last: a stored key that is never NULL, so one row comparison `(due_date_key, invoice_id) > ...`
-- continues a page and an index serves it. "C" collation: dates and ids compare as bytes.
ALTER TABLE invoicing_rm.invoices
  ADD COLUMN due_date_key text COLLATE "C"
    GENERATED ALWAYS AS (coalesce(due_date, '9999-12-31')) STORED;
-- One index per leading filter, each ending in the page order so a page is an index range scan
-- that stops after `limit + 1` rows: status + due-date range (the coordinator's worklist),
-- account, and no filter at all (currency and issue-date ranges are checked on the rows read).
CREATE INDEX invoices_list_by_status ON invoicing_rm.invoices (status, due_date_key, invoice_id);
CREATE INDEX invoices_list_by_account
  ON invoicing_rm.invoices (billing_account_id, due_date_key, invoice_id);
CREATE INDEX invoices_list ON invoicing_rm.invoices (due_date_key, invoice_id);
CREATE INDEX invoices_by_number ON invoicing_rm.invoices (number) WHERE number IS NOT NULL;
CREATE INDEX invoices_by_issue_date ON invoicing_rm.invoices (issue_date) WHERE issue_date IS NOT NULL;
