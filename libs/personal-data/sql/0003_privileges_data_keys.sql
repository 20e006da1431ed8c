-- The application reads, creates and destroys (UPDATE to NULL) data keys, and never deletes the
-- tombstone. billing_app exists from the event store's migrations (event-store sql/0014); the
-- per-service login roles get these rights through it.
REVOKE ALL ON ALL TABLES IN SCHEMA personal_data FROM PUBLIC;
GRANT USAGE ON SCHEMA personal_data TO billing_app;
GRANT SELECT, INSERT, UPDATE ON personal_data.data_keys TO billing_app;
