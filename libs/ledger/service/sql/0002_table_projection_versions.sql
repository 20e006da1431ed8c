-- One row per version of each ledger projection. Queries read the tables of the version whose
-- state is 'live'; a rebuild fills a 'building' version from position 0, compares checksums with
-- the live one and switches. The checkpoint (the store's safe-order position after the last
-- event applied) lives here so that rows and checkpoint move in one statement.
CREATE TABLE ledger_rm.projection_versions (
  projection text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  state text NOT NULL CHECK (state IN ('building', 'live', 'retired', 'rejected')),
  checkpoint text NOT NULL DEFAULT '',
  position bigint NOT NULL DEFAULT 0,
  events_applied bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  live_since timestamptz,
  retired_at timestamptz,
  checksums jsonb,
  PRIMARY KEY (projection, version)
);
CREATE UNIQUE INDEX projection_versions_one_live ON ledger_rm.projection_versions (projection) WHERE state = 'live';
