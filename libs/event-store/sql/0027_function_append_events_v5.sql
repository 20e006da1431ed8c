-- append_events, fifth form: 0021 unchanged but for the "appending" marker that lets readers wait
-- for in-flight appends only (event_store.safe_horizon(), 0023): each transaction that appends
-- holds a shared advisory lock on (7401, 1) from before its first write until it ends, and an
-- append that is not its transaction's first write is refused (ES010) instead of only documented.
CREATE OR REPLACE FUNCTION event_store.append_events(
  p_stream_id text, p_expected text, p_service text,
  p_event_ids uuid[], p_types text[], p_schema_versions integer[], p_occurred_at text[],
  p_content_hashes text[], p_data json, p_metadata json)
RETURNS TABLE (stream_version bigint, global_positions bigint[])
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = event_store, pg_temp
AS $$
DECLARE
  v_category text := split_part(p_stream_id, '-', 1);
  v_count integer := coalesce(array_length(p_event_ids, 1), 0);
  v_version bigint;
  v_hash text;
  v_owner text;
  v_links text[];
  v_positions bigint[];
  v_constraint text;
BEGIN
  -- Advisory locks do not assign an xid; this must come before any write.
  PERFORM pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));
  -- The "appending" marker (see 0023), once per transaction, before its xid exists: a transaction
  -- that already has an xid may have been passed over by a reader as a non-appender.
  IF current_setting('event_store.appending', true) IS DISTINCT FROM 'on' THEN
    IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
      RAISE EXCEPTION 'append_events must be the first write of its transaction'
        USING ERRCODE = 'ES010';
    END IF;
    PERFORM pg_advisory_xact_lock_shared(7401, 1);
    PERFORM set_config('event_store.appending', 'on', true);
  END IF;

  IF coalesce(array_length(p_types, 1), 0) <> v_count
     OR coalesce(array_length(p_schema_versions, 1), 0) <> v_count
     OR coalesce(array_length(p_occurred_at, 1), 0) <> v_count
     OR coalesce(array_length(p_content_hashes, 1), 0) <> v_count THEN
    RAISE EXCEPTION 'append_events: the batch arrays differ in length' USING ERRCODE = '22023';
  END IF;

  SELECT s.version, s.last_hash INTO v_version, v_hash FROM streams s WHERE s.stream_id = p_stream_id;
  v_version := coalesce(v_version, 0);
  IF NOT (
       p_expected = 'any'
    OR (p_expected = 'no_stream' AND v_version = 0)
    OR (p_expected = 'stream_exists' AND v_version > 0)
    OR (p_expected ~ '^[0-9]+$' AND p_expected::bigint = v_version)
  ) THEN
    -- A retried batch usually lands here (its stream has moved on): answer it as the original.
    RETURN QUERY SELECT * FROM stored_batch(p_stream_id, p_event_ids, p_content_hashes);
    IF FOUND THEN
      RETURN;
    END IF;
    RAISE EXCEPTION 'wrong expected version' USING ERRCODE = 'ES001', DETAIL = v_version::text;
  END IF;
  IF v_count = 0 THEN
    RETURN QUERY SELECT v_version, '{}'::bigint[];
    RETURN;
  END IF;

  SELECT o.service INTO v_owner FROM category_owners o WHERE o.category = v_category;
  IF v_owner IS NULL THEN
    -- First appender claims; a concurrent claim by another service is caught just below.
    INSERT INTO category_owners (category, service) VALUES (v_category, p_service)
      ON CONFLICT (category) DO NOTHING;
    SELECT o.service INTO v_owner FROM category_owners o WHERE o.category = v_category;
  END IF;
  IF v_owner IS DISTINCT FROM p_service THEN
    RAISE EXCEPTION 'category owned by another service' USING ERRCODE = 'ES003', DETAIL = v_owner;
  END IF;

  -- The per-stream chain, link by link: sha256(prev | stream | version | contentHash).
  v_hash := coalesce(v_hash, '');
  v_links := array_fill(NULL::text, ARRAY[v_count]);
  FOR i IN 1 .. v_count LOOP
    v_hash := encode(sha256(convert_to(
      v_hash || '|' || p_stream_id || '|' || (v_version + i)::text || '|' || p_content_hashes[i], 'UTF8')), 'hex');
    v_links[i] := v_hash;
  END LOOP;

  BEGIN
    IF v_count = 1 THEN
      -- One event, the common case for a command: a plain INSERT plans and starts far quicker.
      IF json_array_length(p_data) <> 1 OR json_array_length(p_metadata) <> 1 THEN
        RAISE EXCEPTION 'append_events: one event needs one data and one metadata entry'
          USING ERRCODE = '22023';
      END IF;
      INSERT INTO events (event_id, stream_id, stream_version, category, type, schema_version, data,
                          metadata, occurred_at, content_hash, stream_hash)
      VALUES (p_event_ids[1], p_stream_id, v_version + 1, v_category, p_types[1], p_schema_versions[1],
              p_data -> 0, p_metadata -> 0, p_occurred_at[1], p_content_hashes[1], v_hash)
      RETURNING ARRAY[events.global_position] INTO v_positions;
    ELSE
      -- Positions come from the identity in insertion order, which follows the ordinality.
      WITH inserted AS (
        INSERT INTO events (event_id, stream_id, stream_version, category, type, schema_version, data,
                            metadata, occurred_at, content_hash, stream_hash)
        SELECT b.id, p_stream_id, v_version + b.n, v_category, b.type, b.schema_version, b.data,
               b.metadata, b.occurred_at, b.content_hash, b.link
          -- Side by side, no join: a shorter list is padded with NULLs, which the NOT NULL columns refuse.
          FROM ROWS FROM (unnest(p_event_ids), unnest(p_types), unnest(p_schema_versions),
                          unnest(p_occurred_at), unnest(p_content_hashes), unnest(v_links),
                          json_array_elements(p_data), json_array_elements(p_metadata))
               WITH ORDINALITY AS b(id, type, schema_version, occurred_at, content_hash, link, data, metadata, n)
         ORDER BY b.n
        RETURNING events.global_position
      )
      SELECT array_agg(i.global_position ORDER BY i.global_position) INTO v_positions FROM inserted i;
    END IF;
  EXCEPTION WHEN unique_violation THEN
    GET STACKED DIAGNOSTICS v_constraint = CONSTRAINT_NAME;
    IF v_constraint IS DISTINCT FROM 'events_event_id_key' THEN
      RAISE;
    END IF;
    -- A re-used id: the same batch again (answered as the original) or a conflict (ES002).
    RETURN QUERY SELECT * FROM stored_batch(p_stream_id, p_event_ids, p_content_hashes);
    IF FOUND THEN
      RETURN;
    END IF;
    RAISE;
  END;

  IF v_version = 0 THEN
    INSERT INTO streams (stream_id, category, version, last_hash)
    VALUES (p_stream_id, v_category, v_count, v_hash);
  ELSE
    UPDATE streams SET version = v_version + v_count, last_hash = v_hash
     WHERE streams.stream_id = p_stream_id;
  END IF;

  RETURN QUERY SELECT v_version + v_count, v_positions;
END;
$$;

REVOKE ALL ON FUNCTION event_store.append_events(text, text, text, uuid[], text[], integer[], text[], text[], json, json) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION event_store.append_events(text, text, text, uuid[], text[], integer[], text[], text[], json, json) TO billing_app;
