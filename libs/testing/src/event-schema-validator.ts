import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

const workspaceRoot = path.resolve(__dirname, '../../..');

/** The committed JSON Schema of one event type and version (see `npm run contracts:generate`). */
const schemaPathOf = (context: string, type: string, schemaVersion: number): string =>
  `libs/contracts/schemas/${context}/${type}.v${schemaVersion}.json`;

/**
 * Validators over the committed schema files, as a consumer would load them. `closed` also
 * refuses fields the schema does not declare: the published schemas stay open for additive
 * changes, but our own producers must not emit undeclared fields.
 */
export function createSchemaValidator(options: { closed: boolean }) {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  const cache = new Map<string, ValidateFunction>();
  return (context: string, type: string, schemaVersion: number): ValidateFunction => {
    const file = schemaPathOf(context, type, schemaVersion);
    let validate = cache.get(file);
    if (!validate) {
      const schema = JSON.parse(readFileSync(path.join(workspaceRoot, file), 'utf8')) as Record<
        string,
        unknown
      >;
      if (options.closed) closeDataObjects(schema['$defs'] as Record<string, unknown>);
      validate = ajv.compile(schema);
      cache.set(file, validate);
    }
    return validate;
  };
}

function closeDataObjects(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(closeDataObjects);
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if (
    record['type'] === 'object' &&
    record['properties'] !== undefined &&
    record['additionalProperties'] === undefined
  ) {
    record['additionalProperties'] = false;
  }
  Object.values(record).forEach(closeDataObjects);
}
