// Hands a schema and everything in it to one role. Used by `provisionDatabase` to give the shared
// schemas to the owner and each read-model schema to its service, whoever created the objects
// (a database migrated before the roles existed, or a ledger table made at run time).
import type { ClientBase } from 'pg';
import { assertRoleName } from '@billing/sql-migrations';

interface OwnedObject {
  kind: string;
  name: string;
}

/** Relations and routines of `schema` not owned by `role`, as `ALTER <kind> <name>` targets. */
async function objectsNotOwnedBy(
  client: ClientBase,
  schema: string,
  role: string,
): Promise<OwnedObject[]> {
  const { rows } = await client.query<OwnedObject>(
    `SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                           WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END AS kind,
            c.oid::regclass::text AS name
       FROM pg_class c
      WHERE c.relnamespace = to_regnamespace($1)
        AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
        AND pg_get_userbyid(c.relowner) <> $2
        -- a sequence of a serial or identity column follows its table
        AND NOT EXISTS (SELECT 1 FROM pg_depend d
                         WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                           AND d.deptype IN ('a', 'i', 'e'))
     UNION ALL
     SELECT CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END,
            p.oid::regprocedure::text
       FROM pg_proc p
      WHERE p.pronamespace = to_regnamespace($1)
        AND pg_get_userbyid(p.proowner) <> $2
        AND NOT EXISTS (SELECT 1 FROM pg_depend d
                         WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')`,
    [schema, role],
  );
  return rows;
}

/**
 * Makes `role` the owner of `schema` (unless `keepSchemaOwner`, for `public`) and of every table,
 * view, sequence and routine in it. Returns how many objects changed hands.
 */
export async function handOverSchema(
  client: ClientBase,
  schema: string,
  role: string,
  options: { keepSchemaOwner?: boolean } = {},
): Promise<number> {
  assertRoleName(role);
  const present = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (!present.rowCount) return 0;
  const quotedSchema = client.escapeIdentifier(schema);
  if (!options.keepSchemaOwner) await client.query(`ALTER SCHEMA ${quotedSchema} OWNER TO ${role}`);
  const objects = await objectsNotOwnedBy(client, schema, role);
  // `name` is already qualified and quoted by the ::regclass / ::regprocedure casts.
  for (const object of objects)
    await client.query(`ALTER ${object.kind} ${object.name} OWNER TO ${role}`);
  return objects.length;
}
