-- One row per stream: its current version and the hash of its last event (the per-stream chain head).
-- The append function updates it under the stream's advisory lock.
CREATE TABLE event_store.streams (
  stream_id text PRIMARY KEY,
  category text NOT NULL,
  version bigint NOT NULL CHECK (version >= 0),
  last_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
