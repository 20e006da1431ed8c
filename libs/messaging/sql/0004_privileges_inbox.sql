-- Service logins (members of billing_app) record what their consumers handled, within the policy
-- of 0003; an inbox row is never changed. billing_app is created by the event store's migrations;
-- this set can run alone (tests).
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'billing_app') THEN CREATE ROLE billing_app NOLOGIN; END IF; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;

GRANT USAGE ON SCHEMA messaging TO billing_app;

GRANT SELECT, INSERT ON messaging.inbox TO billing_app;
