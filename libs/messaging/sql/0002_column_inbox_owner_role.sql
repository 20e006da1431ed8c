-- The login role an inbox row belongs to (policy in 0003, ADR 0009). Rows written before this
-- column take their service's role from the consumer group (`<context>.<name>`).
ALTER TABLE messaging.inbox ADD COLUMN owner_role text NOT NULL DEFAULT current_user;

UPDATE messaging.inbox
   SET owner_role = substring(consumer_group FROM '^(invoicing|payments|collections|disputes|ledger)[.]') || '_svc'
 WHERE consumer_group ~ '^(invoicing|payments|collections|disputes|ledger)[.]';
