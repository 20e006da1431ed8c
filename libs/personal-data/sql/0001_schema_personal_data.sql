-- The personal-data key store: one data key per billing account, wrapped by the master key. Kept
-- apart from event_store on purpose: the log is immutable, a key here must be destroyable.
CREATE SCHEMA IF NOT EXISTS personal_data;
