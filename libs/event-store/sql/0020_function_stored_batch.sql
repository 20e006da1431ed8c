-- For append_events, off its fast path: is this batch already stored? Returns the original result
-- (the stream version after the batch and its global positions) when every id is stored in this
-- stream, in this order, at consecutive versions, with the same content hash; returns no row when
-- none of the ids is stored; raises ES002 (DETAIL = the first offending id) for anything between:
-- an id re-used with other content, in another stream, in another order, or repeated in the batch.
CREATE FUNCTION event_store.stored_batch(p_stream_id text, p_event_ids uuid[], p_content_hashes text[])
RETURNS TABLE (stream_version bigint, global_positions bigint[])
LANGUAGE plpgsql
STABLE
SET search_path = event_store, pg_temp
AS $$
DECLARE
  v_count integer := coalesce(array_length(p_event_ids, 1), 0);
  v_found integer;
  v_consistent integer;
  v_offset_min bigint;
  v_offset_max bigint;
  v_offender uuid;
BEGIN
  -- Same batch, same place: one offset between batch index and stream version for every id.
  SELECT count(*),
         count(*) FILTER (WHERE ev.stream_id = p_stream_id AND ev.content_hash = b.content_hash),
         min(ev.stream_version - b.n), max(ev.stream_version - b.n)
    INTO v_found, v_consistent, v_offset_min, v_offset_max
    FROM unnest(p_event_ids, p_content_hashes) WITH ORDINALITY AS b(id, content_hash, n)
    JOIN events ev ON ev.event_id = b.id;
  IF v_found = 0 THEN
    -- Nothing stored; an id repeated inside the batch is still a conflict.
    SELECT b.id INTO v_offender FROM unnest(p_event_ids) WITH ORDINALITY AS b(id, n)
     GROUP BY b.id HAVING count(*) > 1 ORDER BY min(b.n) LIMIT 1;
    IF v_offender IS NOT NULL THEN
      RAISE EXCEPTION 'duplicate event id with different content'
        USING ERRCODE = 'ES002', DETAIL = v_offender::text;
    END IF;
    RETURN;
  END IF;
  IF v_found = v_count AND v_consistent = v_count AND v_offset_min = v_offset_max THEN
    RETURN QUERY
      SELECT v_offset_min + v_count,
             array_agg(ev.global_position ORDER BY b.n)
        FROM unnest(p_event_ids) WITH ORDINALITY AS b(id, n)
        JOIN events ev ON ev.event_id = b.id;
    RETURN;
  END IF;
  SELECT b.id INTO v_offender FROM unnest(p_event_ids) WITH ORDINALITY AS b(id, n)
    JOIN events ev ON ev.event_id = b.id ORDER BY b.n LIMIT 1;
  RAISE EXCEPTION 'duplicate event id with different content'
    USING ERRCODE = 'ES002', DETAIL = coalesce(v_offender::text, '');
END;
$$;

REVOKE ALL ON FUNCTION event_store.stored_batch(text, uuid[], text[]) FROM PUBLIC;
