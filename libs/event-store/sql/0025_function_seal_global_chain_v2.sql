-- Extends the global hash chain (0023) over up to p_count_max events, in global-position order,
-- never past the settled position: a position is settled once no transaction can still commit an
-- event there. Then the sealed range is dense: every event at or below the last sealed position is
-- in the chain, and an event that appears there later (a forgery at an unused old position) is
-- never sealed, which verify reports. This order never skips a late commit, like the safe order of
-- subscribers, and it lets a chain head be named by its position.
--
-- How a position becomes settled, without making writers wait: every append takes its stream's
-- advisory lock before its events get positions (0021), so a transaction holding a position at or
-- below the sequence value read now is one holding an advisory lock now. Those transactions are
-- recorded (virtual transaction ids) with the value; once none of them is running, the value is
-- settled. A quiet store settles at once; a busy one on the next round.
--
-- One sealer at a time: the others get (0, false, false) back at once and try on their next round.
-- p_anchor_every_ms: when given and the head was last published longer ago than that, this call
-- claims the next publication (anchor_due) for its caller, so several sealers publish once.
DROP FUNCTION IF EXISTS event_store.seal_global_chain(integer);

CREATE FUNCTION event_store.seal_global_chain(p_count_max integer DEFAULT 1000, p_anchor_every_ms integer DEFAULT NULL)
RETURNS TABLE (sealed integer, sealer boolean, anchor_due boolean)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = event_store, pg_catalog, pg_temp
AS $$
DECLARE
  v_state seal_state%ROWTYPE;
  v_last global_chain%ROWTYPE;
  v_hash text := '';
  v_sequence bigint := 0;
  v_after bigint := 0;
  v_next bigint;
  v_holders text[];
  v_event record;
  v_sealed integer := 0;
  v_anchor boolean := false;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtextextended('event_store.global_chain', 0)) THEN
    RETURN QUERY SELECT 0, false, false;
    RETURN;
  END IF;
  SELECT * INTO STRICT v_state FROM seal_state FOR UPDATE;

  -- A pending position is settled once every transaction recorded with it has ended.
  IF v_state.pending_position IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM pg_locks l
        WHERE l.locktype = 'virtualxid' AND l.virtualxid = ANY (v_state.pending_holders)) THEN
    v_state.settled_position := greatest(v_state.settled_position, v_state.pending_position);
    v_state.pending_position := NULL;
    v_state.pending_holders := NULL;
  END IF;
  IF v_state.pending_position IS NULL THEN
    -- Read the sequence first, then who holds a stream lock: anyone given a position up to it is
    -- finished by now or among them.
    v_next := coalesce(pg_sequence_last_value(
      pg_get_serial_sequence('event_store.events', 'global_position')::regclass), 0);
    IF v_next > v_state.settled_position THEN
      SELECT coalesce(array_agg(DISTINCT l.virtualtransaction), '{}') INTO v_holders
        FROM pg_locks l
       WHERE l.locktype = 'advisory' AND l.granted
         AND l.database = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
         AND l.pid IS DISTINCT FROM pg_backend_pid();
      IF cardinality(v_holders) = 0 THEN
        v_state.settled_position := v_next;
      ELSE
        v_state.pending_position := v_next;
        v_state.pending_holders := v_holders;
      END IF;
    END IF;
  END IF;
  IF p_anchor_every_ms IS NOT NULL AND (v_state.anchored_at IS NULL
       OR clock_timestamp() - v_state.anchored_at >= make_interval(secs => p_anchor_every_ms / 1000.0)) THEN
    v_state.anchored_at := clock_timestamp();
    v_anchor := true;
  END IF;
  UPDATE seal_state s
     SET settled_position = v_state.settled_position, pending_position = v_state.pending_position,
         pending_holders = v_state.pending_holders, anchored_at = v_state.anchored_at;

  SELECT * INTO v_last FROM global_chain ORDER BY seal_sequence DESC LIMIT 1;
  IF FOUND THEN
    v_hash := v_last.global_hash;
    v_sequence := v_last.seal_sequence;
    v_after := v_last.global_position;
  END IF;
  FOR v_event IN
    SELECT e.global_position, e.transaction_id, e.stream_id, e.stream_version, e.event_id, e.content_hash,
           to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at
      FROM events e
     WHERE e.global_position > v_after AND e.global_position <= v_state.settled_position
     ORDER BY e.global_position
     LIMIT greatest(least(p_count_max, 100000), 0)
  LOOP
    v_sequence := v_sequence + 1;
    v_hash := encode(sha256(convert_to(
      v_hash || '|' || v_sequence::text || '|' || v_event.global_position::text || '|' ||
      v_event.transaction_id::text || '|' || v_event.recorded_at || '|' || v_event.stream_id || '|' ||
      v_event.stream_version::text || '|' || v_event.event_id::text || '|' || v_event.content_hash,
      'UTF8')), 'hex');
    INSERT INTO global_chain (seal_sequence, global_position, transaction_id, recorded_at, stream_id,
                              stream_version, event_id, content_hash, global_hash)
    VALUES (v_sequence, v_event.global_position, v_event.transaction_id, v_event.recorded_at,
            v_event.stream_id, v_event.stream_version, v_event.event_id, v_event.content_hash, v_hash);
    v_sealed := v_sealed + 1;
  END LOOP;
  RETURN QUERY SELECT v_sealed, true, v_anchor;
END;
$$;

REVOKE ALL ON FUNCTION event_store.seal_global_chain(integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION event_store.seal_global_chain(integer, integer) TO billing_app;
