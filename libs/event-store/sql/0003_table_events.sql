-- The append-only log. `transaction_id` is the writer's xid8: catch-up readers order by
-- (transaction_id, global_position) and only read transactions older than the snapshot's xmin,
-- so a late commit can never be skipped. occurred_at is text so the writer's string round-trips.
CREATE TABLE event_store.events (
  global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  event_id uuid NOT NULL UNIQUE,
  stream_id text NOT NULL,
  stream_version bigint NOT NULL CHECK (stream_version >= 1),
  category text NOT NULL,
  type text NOT NULL,
  schema_version integer NOT NULL CHECK (schema_version >= 1),
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  occurred_at text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  content_hash text NOT NULL,
  stream_hash text NOT NULL,
  UNIQUE (stream_id, stream_version)
);
