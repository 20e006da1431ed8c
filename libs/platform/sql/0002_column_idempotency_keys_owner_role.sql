-- The login role an Idempotency-Key record belongs to (policy in 0003, ADR 0009). Records written
-- before this column, or by a superuser, are given to their service's role by `npm run
-- db:migrate` from their scope (the service's name).
ALTER TABLE platform.idempotency_keys ADD COLUMN owner_role text NOT NULL DEFAULT current_user;
