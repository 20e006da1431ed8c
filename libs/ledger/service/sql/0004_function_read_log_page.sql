-- One page of the event log in the store's safe order (transaction id, global position; see the
-- event store's 0017), optionally only some event types and only what was in the log at a given
-- position or commit time. A function to pin the plan: without these settings a filtered read
-- with stale statistics may scan and sort every row past the cursor for each page. Commit times
-- compare at millisecond precision, the precision readers are shown (recordedAt), so asking "as
-- of" an event's own recordedAt includes that event.
CREATE FUNCTION ledger_rm.read_log_page(p_after_transaction_id xid8, p_after_position bigint, p_max integer, p_types text[], p_position_max bigint, p_recorded_max timestamptz)
RETURNS SETOF event_store.events
LANGUAGE sql
STABLE
SET enable_sort = off
SET enable_bitmapscan = off
AS $$
  SELECT * FROM event_store.events e
   WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
     AND (e.transaction_id, e.global_position) > (p_after_transaction_id, p_after_position)
     AND (p_types IS NULL OR e.type = ANY(p_types))
     AND (p_position_max IS NULL OR e.global_position <= p_position_max)
     AND (p_recorded_max IS NULL OR date_trunc('milliseconds', e.recorded_at) <= p_recorded_max)
   ORDER BY e.transaction_id, e.global_position
   LIMIT greatest(least(p_max, 100000), 0)
$$;
