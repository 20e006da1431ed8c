-- The event store lives in its own schema; nothing else writes here.
CREATE SCHEMA IF NOT EXISTS event_store;
