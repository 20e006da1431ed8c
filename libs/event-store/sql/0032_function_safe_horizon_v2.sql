-- safe_horizon(), second form: 0026 with pg_locks read ONCE and a transaction's rows matched by
-- the holder's pid, not its virtualtransaction. Both defects let an appender that was committing
-- while the reader looked be taken for a stranger and passed over while its rows were still
-- invisible to the reader's snapshot; the reader then moved its checkpoint past that transaction
-- and never delivered its events (live-subscriber.spec.ts, safe-horizon-race.spec.ts):
--
-- * 0026 read pg_locks twice (the transactionid rows, then the markers in its NOT EXISTS), and
--   each read of the view is its own pg_lock_status() call: an appender that ended between the
--   two was seen with its xid in the first and without its marker in the second.
-- * pg_locks computes virtualtransaction from the holder's PGPROC as it copies each row, and a
--   committing backend clears its local transaction id (ProcArrayEndTransaction) before it
--   releases its locks, without the lock-table locks the copy holds: one copy can show the
--   marker under "9/56528" and the xid under "9/0". The pid does not change.
--
-- One pg_lock_status() call copies the whole (non fast-path) lock table under all its partition
-- locks; transactionid and advisory locks are never fast-path. An appender takes the marker before
-- its xid exists (append_events, 0027) and at its end releases its transactionid lock before its
-- advisory locks (ProcReleaseLocks), and a backend runs one transaction at a time, so in any one
-- copy a backend holding an appender's xid lock also holds the marker. A holder without a pid
-- (a prepared transaction) is never taken for a stranger. The MATERIALIZED CTE is referenced
-- twice and evaluated once.
CREATE OR REPLACE FUNCTION event_store.safe_horizon()
RETURNS xid8
LANGUAGE sql
STABLE
AS $$
  WITH snapshot AS (SELECT pg_current_snapshot() AS s),
  -- The only read of pg_locks: every row a stranger or an appender is judged by.
  locks AS MATERIALIZED (
    SELECT l.locktype, l.pid, l.transactionid::text::bigint AS xid32,
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
     WHERE t.locktype = 'transactionid' AND t.pid IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM locks m WHERE m.is_marker AND m.pid = t.pid)
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
