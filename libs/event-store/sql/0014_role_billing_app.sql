-- Least privilege for the application: read everything, write events only through the append
-- function, move checkpoints. Roles are cluster-wide, so create it only when missing.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'billing_app') THEN
    CREATE ROLE billing_app NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- another database's migration created it concurrently
END;
$$;
