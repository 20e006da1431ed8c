-- The login role an Idempotency-Key record belongs to (policy in 0003, ADR 0009). Records written
-- before this column take their service's role from their scope (the service's name).
ALTER TABLE platform.idempotency_keys ADD COLUMN owner_role text NOT NULL DEFAULT current_user;

UPDATE platform.idempotency_keys
   SET owner_role = scope || '_svc'
 WHERE scope IN ('invoicing', 'payments', 'collections', 'disputes', 'ledger');
