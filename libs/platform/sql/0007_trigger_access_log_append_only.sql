-- Access-log rows are never updated, deleted or truncated, as the events are not.
CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON platform.access_log
  FOR EACH ROW EXECUTE FUNCTION platform.refuse_access_log_change();

CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON platform.access_log
  FOR EACH STATEMENT EXECUTE FUNCTION platform.refuse_access_log_change();
