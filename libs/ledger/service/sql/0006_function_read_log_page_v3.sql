-- read_log_page, third form: 0005 bounded by event_store.safe_horizon() (the event store's
-- sql/0023) instead of the server's oldest open transaction: the ledger waits for in-flight
-- appends only, not for an idle session elsewhere on the server.
CREATE OR REPLACE FUNCTION ledger_rm.read_log_page(p_after_transaction_id xid8, p_after_position bigint, p_max integer, p_types text[], p_position_max bigint, p_recorded_max timestamptz)
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
   WHERE e.transaction_id < (SELECT event_store.safe_horizon())
     AND (e.transaction_id, e.global_position) > (p_after_transaction_id, p_after_position)
     AND (p_types IS NULL OR e.type = ANY(p_types))
     AND (p_position_max IS NULL OR e.global_position <= p_position_max)
     AND (p_recorded_max IS NULL OR date_trunc('milliseconds', e.recorded_at) <= p_recorded_max)
   ORDER BY e.transaction_id, e.global_position
   LIMIT greatest(least(p_max, 100000), 0)
$$;
