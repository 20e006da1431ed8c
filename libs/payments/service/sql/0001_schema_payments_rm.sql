-- Payments' read models: its own payments, and what it learned from invoicing's events.
CREATE SCHEMA IF NOT EXISTS payments_rm;
