-- The payment list (GET /payments/payments) pages by (received date, id): one index per leading
-- filter, each ending in that order, so a page is one range scan of at most `limit + 1` rows.
CREATE INDEX payments_list ON payments_rm.payments (received_date, payment_id);
CREATE INDEX payments_list_by_account
  ON payments_rm.payments (billing_account_id, received_date, payment_id);
CREATE INDEX payments_list_by_status ON payments_rm.payments (status, received_date, payment_id);
CREATE INDEX payments_by_reference ON payments_rm.payments (external_reference);
