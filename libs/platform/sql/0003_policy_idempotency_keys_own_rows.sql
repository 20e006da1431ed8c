-- Row-level grants: a service login sees and changes only its own Idempotency-Key records. The
-- table's owner and superusers (migrations, tests, the embedded system) are not bound.
ALTER TABLE platform.idempotency_keys ENABLE ROW LEVEL SECURITY;

CREATE POLICY idempotency_keys_own_rows ON platform.idempotency_keys TO billing_app
  USING (owner_role = current_user)
  WITH CHECK (owner_role = current_user);
