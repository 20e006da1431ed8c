import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { auditMessageCatalog, eventCatalog, notificationMessageCatalog } from '@billing/contracts';
import {
  generateContractFiles,
  isSupersededSchema,
  workspaceRoot,
  type GeneratedFiles,
} from './generated-files';

// Builds one TypeScript program over the contracts: seconds alone, longer on a busy machine.
jest.setTimeout(120_000);

type JsonSchema = Record<string, unknown>;

function resolveRef(schema: JsonSchema, node: JsonSchema | undefined): JsonSchema {
  if (node === undefined) throw new Error('no such property');
  const ref = node['$ref'];
  if (typeof ref !== 'string') return node;
  const name = ref.replace('#/$defs/', '');
  return { ...(schema['$defs'] as Record<string, JsonSchema>)[name], ...node };
}

function dataProperty(generated: GeneratedFiles, type: string, property: string): JsonSchema {
  const file = generated.schemas.find((f) => f.entry.type === type);
  if (!file) throw new Error(`no schema for ${type}`);
  const schema = file.schema as JsonSchema;
  const data = resolveRef(schema, (schema['properties'] as Record<string, JsonSchema>)['data']);
  return resolveRef(schema, (data['properties'] as Record<string, JsonSchema>)[property]);
}

describe('generated contract files', () => {
  let generated: GeneratedFiles;
  beforeAll(() => {
    generated = generateContractFiles();
  });

  it('has one committed schema per catalog entry and the AsyncAPI document, all up to date', () => {
    expect(generated.schemas.map((f) => f.entry.type)).toEqual(
      [...eventCatalog, ...auditMessageCatalog, ...notificationMessageCatalog].map((e) => e.type),
    );
    const stale = [...generated.contents].filter(([relativePath, content]) => {
      const file = path.join(workspaceRoot, relativePath);
      return !existsSync(file) || readFileSync(file, 'utf8') !== content;
    });
    // If this fails: run `npm run contracts:generate` and commit the result.
    expect(stale.map(([relativePath]) => relativePath)).toEqual([]);
  });

  it('keeps no schema file but the current and superseded versions of catalog types', () => {
    const dir = path.join(workspaceRoot, 'libs/contracts/schemas');
    const committed = readdirSync(dir).flatMap((context) =>
      readdirSync(path.join(dir, context)).map(
        (name) => `libs/contracts/schemas/${context}/${name}`,
      ),
    );
    const current = new Set(generated.schemas.map((f) => f.relativePath));
    expect(
      committed.filter(
        (file) => !current.has(file) && !isSupersededSchema(file, generated.schemas),
      ),
    ).toEqual([]);
    expect(
      isSupersededSchema(
        'libs/contracts/schemas/invoicing/InvoiceIssued.v0.json',
        generated.schemas,
      ),
    ).toBe(true);
    expect(
      isSupersededSchema(
        'libs/contracts/schemas/invoicing/InvoiceIssued.v2.json',
        generated.schemas,
      ),
    ).toBe(false);
    expect(
      isSupersededSchema('libs/contracts/schemas/invoicing/NoSuchEvent.v1.json', generated.schemas),
    ).toBe(false);
  });

  it('writes amounts as decimal strings, business dates as dates and instants as date-times', () => {
    for (const [type, property] of [
      ['InvoiceIssued', 'total'],
      ['PaymentReceived', 'amount'],
      ['PromiseToPayBroken', 'amountShort'],
      ['DisputeAccepted', 'acceptedAmount'],
    ] as const) {
      expect(dataProperty(generated, type, property)).toMatchObject({
        type: 'string',
        pattern: '^-?[0-9]+(\\.[0-9]+)?$',
      });
    }
    expect(dataProperty(generated, 'InvoiceIssued', 'dueDate')).toMatchObject({
      type: 'string',
      format: 'date',
    });
    expect(dataProperty(generated, 'DunningStepTaken', 'takenOn')).toMatchObject({
      format: 'date',
    });
    expect(dataProperty(generated, 'InvoiceSent', 'sentAt')).toMatchObject({
      type: 'string',
      format: 'date-time',
    });
    expect(dataProperty(generated, 'DisputeOpened', 'openedAt')).toMatchObject({
      format: 'date-time',
    });
    expect(dataProperty(generated, 'InvoiceIssued', 'paymentTermsDays')).toMatchObject({
      type: 'integer',
    });
  });

  it('states in the consumer guide how many event types each topic carries', () => {
    const guide = readFileSync(path.join(workspaceRoot, 'docs/consumers.md'), 'utf8');
    for (const context of ['invoicing', 'payments', 'collections', 'disputes']) {
      const count = eventCatalog.filter((entry) => entry.context === context).length;
      expect(guide).toMatch(
        new RegExp(`\\|\\s*\`billing\\.${context}\\.v1\`\\s*\\|.*\\(${count} types\\)\\s*\\|`),
      );
    }
  });

  it('pins each envelope to its type, version and stream categories', () => {
    const file = generated.schemas.find((f) => f.entry.type === 'NumberAssigned');
    expect(file?.relativePath).toBe('libs/contracts/schemas/invoicing/NumberAssigned.v1.json');
    expect(file?.schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'urn:billing:event:invoicing:NumberAssigned:v1',
      properties: {
        type: { const: 'NumberAssigned' },
        schemaVersion: { const: 1 },
        streamId: { pattern: '^(invoiceseries|creditnoteseries)-.+$' },
      },
    });
  });
});
