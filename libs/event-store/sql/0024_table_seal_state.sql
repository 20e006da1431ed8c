-- The sealer's progress, one row. settled_position: every position up to it is final (its event
-- committed, or its number was given up by a transaction that ended), so it may be sealed.
-- pending_position / pending_holders: a sequence value read earlier and the transactions that
-- held a stream lock at that moment; once they have all ended, the pending position is settled.
-- anchored_at: when a sealer last published the chain head (sealers take turns; one publishes).
-- Not evidence of anything: verify never reads it, and a wrong value can only delay the seal.
CREATE TABLE event_store.seal_state (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  settled_position bigint NOT NULL DEFAULT 0,
  pending_position bigint,
  pending_holders text[],
  anchored_at timestamptz
);

INSERT INTO event_store.seal_state DEFAULT VALUES;

REVOKE ALL ON event_store.seal_state FROM PUBLIC;
GRANT SELECT ON event_store.seal_state TO billing_app;
