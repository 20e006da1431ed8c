-- One row per billing account that ever had personal data written. `wrapped_key` is the account's
-- AES-256 data key encrypted (AES-256-GCM, account id as additional data) under the master key
-- named by `master_key_id` (a fingerprint, never the key). Erasure sets `wrapped_key` to NULL and
-- `erased_at`: the row stays as a tombstone so a key is never created again for that account.
CREATE TABLE personal_data.data_keys (
  billing_account_id text PRIMARY KEY,
  wrapped_key text,
  master_key_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  erased_at timestamptz,
  CONSTRAINT data_keys_erased_xor_wrapped CHECK ((wrapped_key IS NULL) = (erased_at IS NOT NULL))
);
