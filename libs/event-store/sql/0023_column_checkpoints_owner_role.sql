-- The login role a checkpoint belongs to: each service sees and moves only its own (policy in
-- 0024, ADR 0009). Rows written before this column take their service's role from the naming
-- convention (`relay-<context>-...`, `<context>.<name>`); any other row stays with the migrator.
ALTER TABLE event_store.checkpoints ADD COLUMN owner_role text NOT NULL DEFAULT current_user;

UPDATE event_store.checkpoints
   SET owner_role = substring(subscription_id FROM '^(?:relay-)?(invoicing|payments|collections|disputes|ledger)[.-]') || '_svc'
 WHERE subscription_id ~ '^(relay-)?(invoicing|payments|collections|disputes|ledger)[.-]';
