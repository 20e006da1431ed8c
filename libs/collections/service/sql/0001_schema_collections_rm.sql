-- Collections' read models: its own cases, plans and write-offs, and what it learned from the
-- other services' events (account contacts, payment dates).
CREATE SCHEMA IF NOT EXISTS collections_rm;
