-- Inbox of the idempotent Kafka consumers (messaging lib): one row per event a consumer group has
-- handled, written in the same transaction as the handler's effect, so a redelivered event is
-- recognised and skipped.
CREATE SCHEMA IF NOT EXISTS messaging;

CREATE TABLE messaging.inbox (
  consumer_group  text        NOT NULL,
  event_id        text        NOT NULL,
  topic           text        NOT NULL,
  kafka_partition integer     NOT NULL,
  kafka_offset    bigint      NOT NULL,
  handled_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, event_id)
);
