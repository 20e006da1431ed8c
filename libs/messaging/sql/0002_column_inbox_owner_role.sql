-- The login role an inbox row belongs to (policy in 0003, ADR 0009). Rows written before this
-- column, or by a superuser, are given to their service's role by `npm run db:migrate` from the
-- consumer group (`<context>.<name>`).
ALTER TABLE messaging.inbox ADD COLUMN owner_role text NOT NULL DEFAULT current_user;
