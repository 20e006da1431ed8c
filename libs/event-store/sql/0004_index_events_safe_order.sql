-- Catch-up readers walk the log in this order.
CREATE INDEX events_safe_order ON event_store.events (transaction_id, global_position);
CREATE INDEX events_category_safe_order ON event_store.events (category, transaction_id, global_position);
