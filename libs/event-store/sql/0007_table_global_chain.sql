-- The global hash chain, sealed just behind the head by seal_global_chain() in the safe order.
-- `seal_sequence` is the chain order; the event id and stream hash say what was sealed there.
CREATE TABLE event_store.global_chain (
  seal_sequence bigint PRIMARY KEY,
  global_position bigint NOT NULL UNIQUE,
  transaction_id xid8 NOT NULL,
  event_id uuid NOT NULL UNIQUE,
  stream_hash text NOT NULL,
  global_hash text NOT NULL,
  sealed_at timestamptz NOT NULL DEFAULT now()
);
