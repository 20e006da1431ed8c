-- Invoicing's read models, rebuilt from the event store; never written by anything else.
CREATE SCHEMA IF NOT EXISTS invoicing_rm;
