-- Row-level grants on the shared checkpoints table: a service login (a member of billing_app)
-- reads and writes only the rows it owns, so one service cannot move another's relay or
-- projection. The table's owner and superusers (migrations, the CLI, tests) are not bound.
ALTER TABLE event_store.checkpoints ENABLE ROW LEVEL SECURITY;

CREATE POLICY checkpoints_own_rows ON event_store.checkpoints TO billing_app
  USING (owner_role = current_user)
  WITH CHECK (owner_role = current_user);
