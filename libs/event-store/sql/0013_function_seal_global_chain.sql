-- Extends the global hash chain over up to p_count_max events, in the same safe order as
-- subscribers (only transactions older than the snapshot's xmin, by xid then position), so the
-- seal never has to skip a late commit. Sealers take turns on one advisory lock; writers never
-- wait for it. Returns how many events were sealed.
CREATE FUNCTION event_store.seal_global_chain(p_count_max integer DEFAULT 1000)
RETURNS integer
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = event_store, pg_temp
AS $$
DECLARE
  v_last global_chain%ROWTYPE;
  v_hash text := '';
  v_sequence bigint := 0;
  v_event record;
  v_sealed integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('event_store.global_chain', 0));
  SELECT * INTO v_last FROM global_chain ORDER BY seal_sequence DESC LIMIT 1;
  IF FOUND THEN
    v_hash := v_last.global_hash;
    v_sequence := v_last.seal_sequence;
  END IF;
  FOR v_event IN
    SELECT e.global_position, e.transaction_id, e.event_id, e.stream_hash
      FROM events e
     WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       AND (v_last.seal_sequence IS NULL
            OR (e.transaction_id, e.global_position) > (v_last.transaction_id, v_last.global_position))
     ORDER BY e.transaction_id, e.global_position
     LIMIT greatest(least(p_count_max, 100000), 0)
  LOOP
    v_sequence := v_sequence + 1;
    v_hash := encode(sha256(convert_to(v_hash || '|' || v_event.global_position::text || '|' || v_event.stream_hash, 'UTF8')), 'hex');
    INSERT INTO global_chain (seal_sequence, global_position, transaction_id, event_id, stream_hash, global_hash)
    VALUES (v_sequence, v_event.global_position, v_event.transaction_id, v_event.event_id, v_event.stream_hash, v_hash);
    v_sealed := v_sealed + 1;
  END LOOP;
  RETURN v_sealed;
END;
$$;
