-- Who read which billing account's data, when, through which route or CLI command: one row per
-- read by a person (HTTP queries with a token, the CLI's account commands). Append-only (0006,
-- 0007); written in batches by BatchedAccessLog, read by GET /ledger/accounts/{id}/access-log and
-- `npm run cli -- access-log`. `recorded_by` is the database login that wrote the row.
CREATE TABLE platform.access_log (
  access_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  accessed_at timestamptz NOT NULL,
  billing_account_id text NOT NULL CHECK (length(billing_account_id) BETWEEN 1 AND 200),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  roles text[] NOT NULL,
  service text NOT NULL,
  operation text NOT NULL CHECK (length(operation) BETWEEN 1 AND 300),
  correlation_id text,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by text NOT NULL DEFAULT current_user
);

CREATE INDEX access_log_account ON platform.access_log (billing_account_id, access_id);
