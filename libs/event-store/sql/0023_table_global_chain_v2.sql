-- The global hash chain, second form. Each entry seals one event in global-position order and
-- carries what it sealed, so the chain can be checked on its own (against a head an auditor kept)
-- and then against the log: position, transaction id, commit time, stream id, stream version,
-- event id and content hash. Link (sql/0025, integrity/canonical-json.ts globalLink):
--   sha256(previous | sequence | position | transaction id | recorded at | stream | version | event id | content hash)
-- The first form (0007) chained only (position, stream hash) in the safe order, and nothing ever
-- ran its sealer outside tests, so its rows are dropped: the new chain seals the log from position 1.
DROP FUNCTION IF EXISTS event_store.seal_global_chain(integer);
DROP TABLE event_store.global_chain;

CREATE TABLE event_store.global_chain (
  seal_sequence bigint PRIMARY KEY CHECK (seal_sequence >= 1),
  global_position bigint NOT NULL UNIQUE,
  transaction_id xid8 NOT NULL,
  -- The event's recorded_at as sealed: ISO-8601 in UTC with microseconds.
  recorded_at text NOT NULL,
  stream_id text NOT NULL,
  stream_version bigint NOT NULL,
  event_id uuid NOT NULL UNIQUE,
  content_hash text NOT NULL,
  global_hash text NOT NULL,
  sealed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE TRIGGER global_chain_immutable BEFORE UPDATE OR DELETE ON event_store.global_chain
  FOR EACH ROW EXECUTE FUNCTION event_store.refuse_change();
CREATE TRIGGER global_chain_no_truncate BEFORE TRUNCATE ON event_store.global_chain
  FOR EACH STATEMENT EXECUTE FUNCTION event_store.refuse_change();

REVOKE ALL ON event_store.global_chain FROM PUBLIC;
GRANT SELECT ON event_store.global_chain TO billing_app;
