-- safe_horizon(): the transaction id below which a catch-up reader may hand out events, waiting
-- only for appends in flight, not for every transaction on the server (docs/decisions/
-- 0010-perf-safe-order-waits-for-appends-only.md; it replaces 0004's pg_snapshot_xmin bound).
--
-- Every append holds the "appending" marker, a shared transaction-level advisory lock on the key
-- pair (7401, 1), from before its transaction has an xid until it ends (append_events, 0024). So
-- an xid that is running now and whose transaction does NOT hold the marker never wrote an event,
-- and never will (append_events refuses to be anything but the first write of its transaction).
--
-- Call it in the reading statement itself: it reads that statement's snapshot S (STABLE, so
-- pg_current_snapshot() is the caller's) and then pg_locks, live, a moment later. The bound is the
-- least of S's xmax and every xid S saw running, except those still running now without the
-- marker. An appender that ended between S and the pg_locks read is not excluded (it is no longer
-- in pg_locks), so its rows, invisible to S, stay above the bound until the next read sees them.
CREATE FUNCTION event_store.safe_horizon()
RETURNS xid8
LANGUAGE sql
STABLE
AS $$
  WITH snapshot AS (SELECT pg_current_snapshot() AS s),
  -- Running now, holding an xid, not appending: an idle psql session, a slow read-model
  -- transaction, anything in another database on the same server.
  strangers AS (
    SELECT t.transactionid::text::bigint AS xid32
      FROM pg_catalog.pg_locks t
     WHERE t.locktype = 'transactionid' AND t.mode = 'ExclusiveLock' AND t.granted
       AND NOT EXISTS (
         SELECT 1 FROM pg_catalog.pg_locks m
          WHERE m.locktype = 'advisory' AND m.virtualtransaction = t.virtualtransaction
            AND m.classid = 7401 AND m.objid = 1 AND m.objsubid = 2 AND m.granted
            AND m.database = (SELECT d.oid FROM pg_catalog.pg_database d
                               WHERE d.datname = current_database()))
  )
  SELECT least(
    pg_snapshot_xmax(snapshot.s),
    (SELECT min(x) FROM pg_snapshot_xip(snapshot.s) AS x
      -- pg_locks shows 32-bit xids; a running xid is less than 2^31 behind, so the low 32 bits
      -- of its xid8 identify it.
      WHERE (x::text::bigint % 4294967296) NOT IN (SELECT xid32 FROM strangers)))
    FROM snapshot
$$;

REVOKE ALL ON FUNCTION event_store.safe_horizon() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION event_store.safe_horizon() TO billing_app;
