-- read_log_page, second form: the same pinned walk in the safe order as 0004, returning only what
-- a reader needs, as text, in the event store's own row shape (its sql/0022): the fields that can
-- never contain '|' travel as one, "<xid>:<position>|<stream version>|<schema version>|<event
-- id>|<recorded at>", whose first part is the event's checkpoint. A set-returning function copies
-- every row it returns, and the client's time per field bounds a rebuild's read.
DROP FUNCTION ledger_rm.read_log_page(xid8, bigint, integer, text[], bigint, timestamptz);

CREATE FUNCTION ledger_rm.read_log_page(p_after_transaction_id xid8, p_after_position bigint, p_max integer, p_types text[], p_position_max bigint, p_recorded_max timestamptz)
RETURNS TABLE (head text, stream_id text, type text, data text, metadata text, occurred_at text)
LANGUAGE sql
STABLE
SET enable_sort = off
SET enable_bitmapscan = off
AS $$
  SELECT concat_ws('|', e.transaction_id::text || ':' || e.global_position::text,
           e.stream_version, e.schema_version, e.event_id,
           to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
         e.stream_id, e.type, e.data::text, e.metadata::text, e.occurred_at
    FROM event_store.events e
   WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
     AND (e.transaction_id, e.global_position) > (p_after_transaction_id, p_after_position)
     AND (p_types IS NULL OR e.type = ANY(p_types))
     AND (p_position_max IS NULL OR e.global_position <= p_position_max)
     AND (p_recorded_max IS NULL OR date_trunc('milliseconds', e.recorded_at) <= p_recorded_max)
   ORDER BY e.transaction_id, e.global_position
   LIMIT greatest(least(p_max, 100000), 0)
$$;
