-- Trigger function: the access log is never edited, whoever connects (one line: the embedded
-- migration runner splits statements at a semicolon ending a line).
CREATE FUNCTION platform.refuse_access_log_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'platform.access_log is append-only: % refused', TG_OP USING ERRCODE = 'PL001'; END $$;
