import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { NewEvent } from '../port/envelope';
import { canonicalJson, contentHash } from './canonical-json';

// The first implementation, kept as the reference: stored content hashes were computed with it,
// so any faster version must produce exactly the same bytes.
function referenceCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((item) => referenceCanonicalJson(item)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${referenceCanonicalJson(record[key])}`).join(',')}}`;
}

function referenceContentHash(event: NewEvent): string {
  const text = referenceCanonicalJson({
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    occurredAt: event.occurredAt,
  });
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const anyValue = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.constant(undefined))),
  fc.array(fc.oneof(fc.jsonValue(), fc.constant(undefined))),
);

describe('canonicalJson', () => {
  it('writes exactly the bytes stored hashes were computed from', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
      }),
      { numRuns: 500 },
    );
  });

  it('writes a value with toJSON as JSON.stringify does, so a Date keeps its instant', () => {
    const at = new Date('2026-11-23T10:00:00.000Z');
    expect(canonicalJson({ at, n: [at] })).toBe(JSON.stringify({ at, n: [at] }));
  });

  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"z":1}]},"b":1}',
    );
  });
});

describe('contentHash', () => {
  it('equals the hash of the canonical envelope', () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.string(),
        fc.integer({ min: 1, max: 9 }),
        fc.jsonValue(),
        fc.string(),
        fc.string(),
        (eventId, type, schemaVersion, data, service, occurredAt) => {
          const event = {
            eventId,
            type,
            schemaVersion,
            data,
            metadata: {
              correlationId: eventId,
              causationId: null,
              actor: { id: service, roles: [] },
              service,
            },
            occurredAt,
          } as NewEvent;
          expect(contentHash(event)).toBe(referenceContentHash(event));
        },
      ),
      { numRuns: 300 },
    );
  });
});
