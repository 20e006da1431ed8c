-- Where each subscription or projection has got to in the safe global order.
CREATE TABLE event_store.checkpoints (
  subscription_id text PRIMARY KEY,
  position text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
