-- The dispute list (GET /disputes/disputes) pages by (opened at, id): one index per leading
-- filter, each ending in that order, so a page is one range scan of at most `limit + 1` rows.
CREATE INDEX disputes_list ON disputes_rm.disputes (opened_at, dispute_id);
CREATE INDEX disputes_list_by_status ON disputes_rm.disputes (status, opened_at, dispute_id);
CREATE INDEX disputes_list_by_owner ON disputes_rm.disputes (owner, opened_at, dispute_id);
CREATE INDEX disputes_list_by_account
  ON disputes_rm.disputes (billing_account_id, opened_at, dispute_id);
CREATE INDEX disputes_list_by_invoice ON disputes_rm.disputes (invoice_id, opened_at, dispute_id);
