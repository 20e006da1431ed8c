-- Events are never updated, deleted or truncated (superusers can only bypass this by disabling
-- triggers, which verify() then catches through the hash chains).
CREATE TRIGGER events_immutable BEFORE UPDATE OR DELETE ON event_store.events
  FOR EACH ROW EXECUTE FUNCTION event_store.refuse_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON event_store.events
  FOR EACH STATEMENT EXECUTE FUNCTION event_store.refuse_change();
