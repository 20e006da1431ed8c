-- read_all_page, third form: 0022 bounded by a horizon the caller computes with
-- event_store.safe_horizon() (0023) in the same statement, instead of
-- pg_snapshot_xmin(pg_current_snapshot()): a page waits for in-flight appends only. The caller
-- passes the horizon so it knows the exact bound its read used: safe_horizon() can move back (an
-- idle transaction that ends is counted until a later read sees it ended), so "caught up" must be
-- judged by the read's own bound. STABLE: the caller's snapshot, the one the horizon was taken for.
DROP FUNCTION event_store.read_all_page(xid8, bigint, integer);

CREATE FUNCTION event_store.read_all_page(p_after_transaction_id xid8, p_after_position bigint, p_max integer, p_horizon xid8)
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
   WHERE e.transaction_id < p_horizon
     AND (e.transaction_id, e.global_position) > (p_after_transaction_id, p_after_position)
   ORDER BY e.transaction_id, e.global_position
   LIMIT greatest(least(p_max, 100000), 0)
$$;

REVOKE ALL ON FUNCTION event_store.read_all_page(xid8, bigint, integer, xid8) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION event_store.read_all_page(xid8, bigint, integer, xid8) TO billing_app;
