-- A batch writes its rows and moves its checkpoint in ONE statement (data-modifying CTEs), so it
-- is atomic even on PGlite, where the single shared connection cannot hold a transaction open.
-- The checkpoint moves only from the value the batch started at (compare-and-set); when it did
-- not move, this raises and the whole statement, rows included, is rolled back.
-- Written on one line: the embedded migration runner splits files at a semicolon ending a line.
CREATE OR REPLACE FUNCTION ledger_rm.require_checkpoint_moved(p_moved bigint) RETURNS bigint LANGUAGE plpgsql AS $$ BEGIN IF p_moved <> 1 THEN RAISE EXCEPTION 'ledger checkpoint moved under this batch' USING ERRCODE = 'LG001'; END IF; RETURN p_moved; END $$;
