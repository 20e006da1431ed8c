CREATE TRIGGER global_chain_immutable BEFORE UPDATE OR DELETE ON event_store.global_chain
  FOR EACH ROW EXECUTE FUNCTION event_store.refuse_change();
CREATE TRIGGER global_chain_no_truncate BEFORE TRUNCATE ON event_store.global_chain
  FOR EACH STATEMENT EXECUTE FUNCTION event_store.refuse_change();
