REVOKE ALL ON ALL TABLES IN SCHEMA event_store FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA event_store FROM PUBLIC;
GRANT USAGE ON SCHEMA event_store TO billing_app;
GRANT SELECT ON event_store.events, event_store.streams, event_store.global_chain, event_store.category_owners
  TO billing_app;
GRANT SELECT, INSERT, UPDATE ON event_store.checkpoints TO billing_app;
GRANT EXECUTE ON FUNCTION event_store.append_events(text, text, text, jsonb) TO billing_app;
GRANT EXECUTE ON FUNCTION event_store.seal_global_chain(integer) TO billing_app;
