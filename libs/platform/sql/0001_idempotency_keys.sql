-- Idempotency-Key records: the first response to a command, replayed to retries (platform lib).
CREATE SCHEMA IF NOT EXISTS platform;

CREATE TABLE platform.idempotency_keys (
  scope             text        NOT NULL,
  idempotency_key   text        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
  fingerprint       text        NOT NULL,
  state             text        NOT NULL CHECK (state IN ('in_flight', 'completed')),
  response          jsonb,
  created_at        timestamptz NOT NULL,
  lease_expires_at  timestamptz NOT NULL,
  expires_at        timestamptz NOT NULL,
  PRIMARY KEY (scope, idempotency_key),
  CHECK ((state = 'completed') = (response IS NOT NULL))
);

-- Purging expired records walks this index in bounded batches.
CREATE INDEX idempotency_keys_expires_at ON platform.idempotency_keys (expires_at);
