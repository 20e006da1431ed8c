-- The application reads, creates and destroys (UPDATE to NULL) data keys, and never deletes the
-- tombstone. billing_app comes from the event store's migrations (event-store sql/0014); a keys
-- database without them (PERSONAL_DATA_KEYS_URL) grants once the role exists in its cluster.
-- One line: the embedded runner splits statements at a ';' that ends a line.
REVOKE ALL ON ALL TABLES IN SCHEMA personal_data FROM PUBLIC;
DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'billing_app') THEN GRANT USAGE ON SCHEMA personal_data TO billing_app; GRANT SELECT, INSERT, UPDATE ON personal_data.data_keys TO billing_app; END IF; END $$;
