-- The test clock's offset (issue 16, the test-clock decision record): how far business time runs
-- from real time outside production mode (negative: behind it, to rehearse a past quarter). One
-- row; every process of a run reads it, so the services of the local stack share one business
-- time, and a restart keeps it. Production mode never reads it.
CREATE TABLE platform.test_clock (
  clock_id text PRIMARY KEY CHECK (clock_id = 'system'),
  offset_ms bigint NOT NULL,
  moved_at timestamptz NOT NULL DEFAULT now(),
  moved_by text NOT NULL DEFAULT current_user
);
