-- Disputes' read models: its own disputes, and the invoices it learned from invoicing's events.
CREATE SCHEMA IF NOT EXISTS disputes_rm;
