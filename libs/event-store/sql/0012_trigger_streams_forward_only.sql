-- A stream row only moves forward: its version grows, it is never renamed, deleted or truncated.
CREATE FUNCTION event_store.streams_forward_only() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.stream_id <> OLD.stream_id OR NEW.category <> OLD.category OR NEW.version <= OLD.version THEN
    RAISE EXCEPTION 'event_store.streams only moves forward' USING ERRCODE = 'ES004';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER streams_forward_only BEFORE UPDATE ON event_store.streams
  FOR EACH ROW EXECUTE FUNCTION event_store.streams_forward_only();
CREATE TRIGGER streams_no_delete BEFORE DELETE ON event_store.streams
  FOR EACH ROW EXECUTE FUNCTION event_store.refuse_change();
CREATE TRIGGER streams_no_truncate BEFORE TRUNCATE ON event_store.streams
  FOR EACH STATEMENT EXECUTE FUNCTION event_store.refuse_change();
