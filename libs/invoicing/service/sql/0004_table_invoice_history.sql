CREATE TABLE invoicing_rm.invoice_history (
  invoice_id text NOT NULL,
  stream_version integer NOT NULL,
  event_id text NOT NULL,
  type text NOT NULL,
  occurred_at text NOT NULL,
  recorded_at text NOT NULL,
  actor_id text NOT NULL,
  correlation_id text NOT NULL,
  details jsonb NOT NULL,
  PRIMARY KEY (invoice_id, stream_version)
);
