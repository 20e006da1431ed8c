-- Which service may append to a stream category. A category not listed is claimed by the first
-- service that appends to it; operators may pre-seed rows to reserve categories.
CREATE TABLE event_store.category_owners (
  category text PRIMARY KEY,
  service text NOT NULL,
  claimed_at timestamptz NOT NULL DEFAULT now()
);
