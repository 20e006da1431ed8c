-- append_to_streams: several streams' batches in one transaction, all or none. A command whose
-- facts live in two streams (a credit note and the number it takes from its series; a write-off
-- and the account's running total) appends them together, so a refusal of one leaves nothing of
-- the other (no number consumed, no half-recorded write-off).
--
-- Every stream's advisory lock is taken first, in one order (sorted ids: two multi-stream appends
-- cannot deadlock; single-stream appends hold one lock and never wait for a second), and before
-- any write: the transaction's xid is assigned after every lock, which is what keeps each stream's
-- versions in the safe global order (see 0008). Then append_events (0021) runs per stream, with
-- its expectations, idempotency by event id and category ownership unchanged.
--
-- The batches come flattened: p_counts[i] events of p_stream_ids[i], in order, in the typed
-- arrays; p_data and p_metadata are JSON arrays holding one JSON array per stream.
-- Errors are append_events' own; ES001 carries the stream id in HINT.
CREATE FUNCTION event_store.append_to_streams(
  p_stream_ids text[], p_expected text[], p_service text, p_counts integer[],
  p_event_ids uuid[], p_types text[], p_schema_versions integer[], p_occurred_at text[],
  p_content_hashes text[], p_data json, p_metadata json)
RETURNS TABLE (stream_id text, stream_version bigint, global_positions bigint[])
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = event_store, pg_temp
AS $$
DECLARE
  v_streams integer := coalesce(array_length(p_stream_ids, 1), 0);
  v_from integer := 1;
  v_to integer;
  v_detail text;
BEGIN
  IF coalesce(array_length(p_expected, 1), 0) <> v_streams
     OR coalesce(array_length(p_counts, 1), 0) <> v_streams
     OR json_array_length(p_data) <> v_streams
     OR json_array_length(p_metadata) <> v_streams THEN
    RAISE EXCEPTION 'append_to_streams: one expectation, count, data and metadata per stream'
      USING ERRCODE = '22023';
  END IF;
  IF (SELECT count(DISTINCT s) FROM unnest(p_stream_ids) s) <> v_streams THEN
    RAISE EXCEPTION 'append_to_streams: a stream appears twice' USING ERRCODE = '22023';
  END IF;

  PERFORM pg_advisory_xact_lock(hashtextextended(s.id, 0))
     FROM (SELECT id FROM unnest(p_stream_ids) id ORDER BY id) s;

  FOR i IN 1 .. v_streams LOOP
    v_to := v_from + p_counts[i] - 1;
    BEGIN
      RETURN QUERY
        SELECT p_stream_ids[i], a.stream_version, a.global_positions
          FROM append_events(p_stream_ids[i], p_expected[i], p_service,
                             coalesce(p_event_ids[v_from:v_to], '{}'), coalesce(p_types[v_from:v_to], '{}'),
                             coalesce(p_schema_versions[v_from:v_to], '{}'),
                             coalesce(p_occurred_at[v_from:v_to], '{}'),
                             coalesce(p_content_hashes[v_from:v_to], '{}'),
                             p_data -> (i - 1), p_metadata -> (i - 1)) a;
    EXCEPTION WHEN SQLSTATE 'ES001' THEN
      GET STACKED DIAGNOSTICS v_detail = PG_EXCEPTION_DETAIL;
      RAISE EXCEPTION 'wrong expected version'
        USING ERRCODE = 'ES001', DETAIL = v_detail, HINT = p_stream_ids[i];
    END;
    v_from := v_to + 1;
  END LOOP;
END;
$$;

REVOKE ALL ON FUNCTION event_store.append_to_streams(text[], text[], text, integer[], uuid[], text[], integer[], text[], text[], json, json) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION event_store.append_to_streams(text[], text[], text, integer[], uuid[], text[], integer[], text[], text[], json, json) TO billing_app;
