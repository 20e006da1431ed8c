import * as fs from 'node:fs';
import * as path from 'node:path';
import { eventCatalog } from './event-catalog';
import { notificationMessageCatalog } from './notifications.messages';
import { personalDataFields } from './personal-data';

type Schema = {
  $ref?: string;
  properties?: Record<string, Schema>;
  $defs?: Record<string, Schema>;
};

/** Paths under `data` whose schema is `PersonalData`, following `$ref`s into `$defs`. */
function personalPaths(schema: Schema, defs: Record<string, Schema>, prefix: string): string[] {
  if (schema.$ref === '#/$defs/PersonalData') return [prefix];
  const resolved = schema.$ref ? defs[schema.$ref.replace('#/$defs/', '')] : schema;
  return Object.entries(resolved?.properties ?? {}).flatMap(([name, child]) =>
    personalPaths(child, defs, prefix === '' ? name : `${prefix}.${name}`),
  );
}

describe('the personal-data registry', () => {
  const schemaOf = (context: string, type: string, version: number): Schema =>
    JSON.parse(
      fs.readFileSync(
        path.join(__dirname, '..', 'schemas', context, `${type}.v${version}.json`),
        'utf8',
      ),
    ) as Schema;

  it('lists exactly the fields the contracts type PersonalData, for every event and notification', () => {
    const fromSchemas: Record<string, string[]> = {};
    for (const entry of [...eventCatalog, ...notificationMessageCatalog]) {
      const schema = schemaOf(entry.context, entry.type, entry.schemaVersion);
      const paths = personalPaths(schema.properties!['data']!, schema.$defs ?? {}, '');
      if (paths.length > 0) fromSchemas[entry.type] = paths.sort();
    }
    const registered = Object.fromEntries(
      Object.entries(personalDataFields).map(([type, paths]) => [type, [...paths].sort()]),
    );
    expect(registered).toEqual(fromSchemas);
  });

  it('marks names, emails, address lines, tax ids and the customer statement', () => {
    expect(personalDataFields['BillingAccountOpened']).toEqual(
      expect.arrayContaining(['legalName', 'email', 'taxId', 'address.line1']),
    );
    expect(personalDataFields['DisputeOpened']).toEqual(['customerStatement']);
    // Amounts and ids are never personal: they are what the books are made of.
    expect(Object.values(personalDataFields).flat()).not.toContain('billingAccountId');
  });
});
