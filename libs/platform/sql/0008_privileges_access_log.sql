-- Service logins append access-log rows in their own name and read them (the ledger answers the
-- auditor's query); no UPDATE, DELETE or TRUNCATE is granted, and the triggers refuse them anyway.
REVOKE ALL ON platform.access_log FROM PUBLIC;

GRANT SELECT, INSERT ON platform.access_log TO billing_app;

ALTER TABLE platform.access_log ENABLE ROW LEVEL SECURITY;

CREATE POLICY access_log_read ON platform.access_log FOR SELECT TO billing_app USING (true);

CREATE POLICY access_log_append_own ON platform.access_log FOR INSERT TO billing_app
  WITH CHECK (recorded_by = current_user);
