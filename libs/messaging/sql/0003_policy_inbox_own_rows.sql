-- Row-level grants: a service login sees and records only its own consumer groups' messages. The
-- table's owner and superusers are not bound.
ALTER TABLE messaging.inbox ENABLE ROW LEVEL SECURITY;

CREATE POLICY inbox_own_rows ON messaging.inbox TO billing_app
  USING (owner_role = current_user)
  WITH CHECK (owner_role = current_user);
