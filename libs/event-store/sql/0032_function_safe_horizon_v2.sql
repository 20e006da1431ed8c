-- safe_horizon(), second form: 0026 with pg_locks read ONCE. 0026 read it twice (the
-- transactionid rows, then, in its NOT EXISTS, the "appending" markers), and each read of the
-- view is a separate pg_lock_status() call: an appender that committed between the two reads was
-- seen running with an xid in the first and without its marker in the second, so it was taken for
-- a stranger and passed over while its rows were still invisible to the reader's snapshot. The
-- reader then moved its checkpoint past that transaction and never delivered its events.
--
-- One pg_lock_status() call copies the whole (non fast-path) lock table under all its partition
-- locks, so the rows it returns are one instant. Transactionid and advisory locks are never
-- fast-path. An appender takes the marker before its xid exists (append_events, 0027) and, at its
-- end, releases its transactionid lock before its advisory locks (ProcReleaseLocks), so in any one
-- instant an appender holding its xid lock also holds the marker. The MATERIALIZED CTE below is
-- referenced twice and therefore evaluated once; it must stay that way (a test reads the plan).
CREATE OR REPLACE FUNCTION event_store.safe_horizon()
RETURNS xid8
LANGUAGE sql
STABLE
AS $$
  WITH snapshot AS (SELECT pg_current_snapshot() AS s),
  -- The only read of pg_locks: every row a stranger or an appender is judged by.
  locks AS MATERIALIZED (
    SELECT l.locktype, l.virtualtransaction, l.transactionid::text::bigint AS xid32,
           (l.locktype = 'advisory' AND l.classid = 7401 AND l.objid = 1 AND l.objsubid = 2
            AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d
                               WHERE d.datname = current_database())) AS is_marker
      FROM pg_catalog.pg_locks l
     WHERE l.granted
       AND (l.locktype = 'advisory' OR (l.locktype = 'transactionid' AND l.mode = 'ExclusiveLock'))
  ),
  -- Running at that instant, holding an xid, not appending: an idle psql session, a slow
  -- read-model transaction, anything in another database on the same server.
  strangers AS (
    SELECT t.xid32 FROM locks t
     WHERE t.locktype = 'transactionid'
       AND NOT EXISTS (SELECT 1 FROM locks m
                        WHERE m.is_marker AND m.virtualtransaction = t.virtualtransaction)
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
