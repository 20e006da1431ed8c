-- Trigger function: history is never edited, whoever connects.
CREATE FUNCTION event_store.refuse_change() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  RAISE EXCEPTION 'event_store.% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'ES004';
END;
$$;
