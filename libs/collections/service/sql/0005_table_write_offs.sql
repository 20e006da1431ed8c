CREATE TABLE collections_rm.write_offs (
  write_off_id text PRIMARY KEY,
  billing_account_id text NOT NULL,
  status text NOT NULL,
  state jsonb NOT NULL,
  stream_version integer NOT NULL
);
CREATE INDEX write_offs_by_account ON collections_rm.write_offs (billing_account_id);
