-- The ledger's read models, built from the event store's global order and never written by
-- anything else. Projection tables carry a version in their name (`balances_v2`) and are created
-- by the service itself (see src/core/tables); this set holds what does not change per version.
CREATE SCHEMA IF NOT EXISTS ledger_rm;
