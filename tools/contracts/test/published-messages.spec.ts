import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { eventCatalog, findCatalogEntry } from '@billing/contracts';
import { toKafkaMessage } from '@billing/messaging';
import { eventHeadersSchema } from '../asyncapi-document';
import { recordScenarioEvents } from './decider-scenarios';
import { createSchemaValidator } from '@billing/testing';

describe('messages published from real decider output', () => {
  const events = recordScenarioEvents();
  const messages = events.map(toKafkaMessage);
  const validatorFor = createSchemaValidator({ closed: true });

  it('validate against the committed envelope schema of their type and version', () => {
    const failures = messages.flatMap((message): Array<{ type: string; errors: unknown }> => {
      const value = JSON.parse(message.value) as { type: string; schemaVersion: number };
      const entry = findCatalogEntry(value.type);
      if (!entry) return [{ type: value.type, errors: 'not in the event catalog' }];
      const validate = validatorFor(entry.context, value.type, value.schemaVersion);
      const { type } = value;
      return validate(value) ? [] : [{ type, errors: validate.errors }];
    });
    expect(failures).toEqual([]);
  });

  it('carry the documented headers and are keyed by billing account', () => {
    const ajv = new Ajv2020({ allErrors: true });
    addFormats(ajv);
    const validateHeaders = ajv.compile(eventHeadersSchema());
    for (const message of messages) {
      expect({
        headers: message.headers,
        valid: validateHeaders(message.headers),
        errors: validateHeaders.errors,
      }).toMatchObject({
        valid: true,
      });
      expect(message.key).toBe(
        (JSON.parse(message.value) as { data: { billingAccountId: string } }).data.billingAccountId,
      );
    }
  });

  it('exercise every event type of the catalog', () => {
    const emitted = new Set(events.map((event) => event.type));
    const notCovered = eventCatalog.map((entry) => entry.type).filter((type) => !emitted.has(type));
    expect(notCovered).toEqual([]);
  });

  it('would refuse an amount sent as a JSON number or a date with a time', () => {
    const issued = messages
      .map(
        (message) => JSON.parse(message.value) as { type: string; data: Record<string, unknown> },
      )
      .find((value) => value.type === 'InvoiceIssued');
    const validate = createSchemaValidator({ closed: false })('invoicing', 'InvoiceIssued', 1);
    expect(validate({ ...issued, data: { ...issued?.data, total: 1200 } })).toBe(false);
    expect(
      validate({ ...issued, data: { ...issued?.data, dueDate: '2026-02-19T00:00:00Z' } }),
    ).toBe(false);
    expect(
      validate({ ...issued, data: { ...issued?.data, addedLater: 'ignored by old consumers' } }),
    ).toBe(true);
    // The closed variant used above for our own producers does catch an undeclared field.
    expect(
      validatorFor(
        'invoicing',
        'InvoiceIssued',
        1,
      )({ ...issued, data: { ...issued?.data, addedLater: 'x' } }),
    ).toBe(false);
  });
});
