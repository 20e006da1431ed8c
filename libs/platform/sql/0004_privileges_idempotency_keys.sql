-- Service logins (members of billing_app) keep their Idempotency-Key records, within the policy of
-- 0003. billing_app is created by the event store's migrations; this set can run alone (tests).
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'billing_app') THEN CREATE ROLE billing_app NOLOGIN; END IF; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;

GRANT USAGE ON SCHEMA platform TO billing_app;

GRANT SELECT, INSERT, UPDATE, DELETE ON platform.idempotency_keys TO billing_app;
