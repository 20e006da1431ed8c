-- The account list (GET /invoicing/billing-accounts) pages by lowercased legal name, then id, and
-- finds accounts by name prefix as a range of that key. The names here are in clear: this schema
-- is invoicing's own (the event store holds them encrypted per account); an erasure overwrites
-- legal_name with "[erased]" and the generated key follows, so an erased account is no longer
-- found by its old name. "C" collation: the key compares as bytes, so a prefix is one range.
ALTER TABLE invoicing_rm.billing_accounts
  ADD COLUMN name_key text COLLATE "C" GENERATED ALWAYS AS (lower(legal_name)) STORED;
CREATE INDEX billing_accounts_list ON invoicing_rm.billing_accounts (name_key, billing_account_id);
CREATE INDEX billing_accounts_list_by_status
  ON invoicing_rm.billing_accounts (status, name_key, billing_account_id);
