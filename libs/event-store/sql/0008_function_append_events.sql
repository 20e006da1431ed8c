-- The only way to write events. Must be the FIRST write of its transaction: the stream's advisory
-- lock is taken before anything assigns the transaction its xid, so appends to one stream get
-- xids in version order and catch-up readers (ordered by xid) never see v6 before v5.
--
-- p_events: JSON array of {eventId, type, schemaVersion, data, metadata, occurredAt, contentHash}.
-- p_expected: 'any' | 'no_stream' | 'stream_exists' | '<exact version>'.
-- Errors: ES001 wrong expected version (DETAIL = actual version), ES002 duplicate event id with
-- other content or stream (DETAIL = event id), ES003 category owned by another service
-- (DETAIL = owner).
CREATE FUNCTION event_store.append_events(p_stream_id text, p_expected text, p_service text, p_events jsonb)
RETURNS TABLE (event_id uuid, stream_version bigint, global_position bigint)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = event_store, pg_temp
AS $$
DECLARE
  v_category text := split_part(p_stream_id, '-', 1);
  v_count integer := jsonb_array_length(p_events);
  v_found integer;
  v_consistent integer;
  v_owner text;
  v_version bigint;
  v_hash text;
  v_event jsonb;
  v_position bigint;
BEGIN
  -- Advisory locks do not assign an xid; this must come before any write.
  PERFORM pg_advisory_xact_lock(hashtextextended(p_stream_id, 0));

  -- Idempotency: a batch already stored with the same ids, content, stream and order returns
  -- the original result; any partial or different match is a conflict.
  SELECT count(*) INTO v_found
    FROM jsonb_array_elements(p_events) AS b(e)
    JOIN events ev ON ev.event_id = (b.e ->> 'eventId')::uuid;
  IF v_found > 0 THEN
    SELECT count(*) INTO v_consistent
      FROM jsonb_array_elements(p_events) WITH ORDINALITY AS b(e, n)
      JOIN events ev ON ev.event_id = (b.e ->> 'eventId')::uuid
     WHERE ev.stream_id = p_stream_id
       AND ev.content_hash = b.e ->> 'contentHash'
       AND ev.stream_version - b.n = (
         SELECT min(ev2.stream_version) - 1 FROM events ev2
          WHERE ev2.event_id = (p_events -> 0 ->> 'eventId')::uuid AND ev2.stream_id = p_stream_id);
    IF v_found = v_count AND v_consistent = v_count THEN
      RETURN QUERY
        SELECT ev.event_id, ev.stream_version, ev.global_position
          FROM jsonb_array_elements(p_events) WITH ORDINALITY AS b(e, n)
          JOIN events ev ON ev.event_id = (b.e ->> 'eventId')::uuid
         ORDER BY b.n;
      RETURN;
    END IF;
    RAISE EXCEPTION 'duplicate event id with different content'
      USING ERRCODE = 'ES002',
            DETAIL = (SELECT b.e ->> 'eventId' FROM jsonb_array_elements(p_events) AS b(e)
                        JOIN events ev ON ev.event_id = (b.e ->> 'eventId')::uuid LIMIT 1);
  END IF;

  SELECT s.version, s.last_hash INTO v_version, v_hash FROM streams s WHERE s.stream_id = p_stream_id;
  v_version := coalesce(v_version, 0);
  IF NOT (
       p_expected = 'any'
    OR (p_expected = 'no_stream' AND v_version = 0)
    OR (p_expected = 'stream_exists' AND v_version > 0)
    OR (p_expected ~ '^[0-9]+$' AND p_expected::bigint = v_version)
  ) THEN
    RAISE EXCEPTION 'wrong expected version' USING ERRCODE = 'ES001', DETAIL = v_version::text;
  END IF;
  IF v_count = 0 THEN
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

  v_hash := coalesce(v_hash, '');
  FOR v_event IN SELECT b.e FROM jsonb_array_elements(p_events) WITH ORDINALITY AS b(e, n) ORDER BY b.n LOOP
    v_version := v_version + 1;
    v_hash := encode(sha256(convert_to(
      v_hash || '|' || p_stream_id || '|' || v_version::text || '|' || (v_event ->> 'contentHash'), 'UTF8')), 'hex');
    INSERT INTO events (event_id, stream_id, stream_version, category, type, schema_version, data, metadata,
                        occurred_at, content_hash, stream_hash)
    VALUES ((v_event ->> 'eventId')::uuid, p_stream_id, v_version, v_category, v_event ->> 'type',
            (v_event ->> 'schemaVersion')::integer, v_event -> 'data', v_event -> 'metadata',
            v_event ->> 'occurredAt', v_event ->> 'contentHash', v_hash)
    RETURNING events.global_position INTO v_position;
    event_id := (v_event ->> 'eventId')::uuid;
    stream_version := v_version;
    global_position := v_position;
    RETURN NEXT;
  END LOOP;

  INSERT INTO streams (stream_id, category, version, last_hash)
  VALUES (p_stream_id, v_category, v_version, v_hash)
  ON CONFLICT (stream_id) DO UPDATE SET version = EXCLUDED.version, last_hash = EXCLUDED.last_hash;

  PERFORM pg_notify('event_store_appended', v_category);
END;
$$;
