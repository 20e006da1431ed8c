-- The login role a checkpoint belongs to: each service sees and moves only its own (policy in
-- 0027, ADR 0009). Rows written before this column, or by a superuser, are given to their
-- service's role by `npm run db:migrate` from the naming convention (`relay-<context>-...`,
-- `<context>.<name>`).
ALTER TABLE event_store.checkpoints ADD COLUMN owner_role text NOT NULL DEFAULT current_user;
