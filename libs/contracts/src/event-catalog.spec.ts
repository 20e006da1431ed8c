import { eventCatalog, findCatalogEntry } from './event-catalog';
import {
  invoiceStream,
  paymentReferenceStream,
  invoiceSeriesStream,
  streamCategories,
} from './streams';

describe('event catalog', () => {
  it('lists each event type once, at schema version 1, with a description', () => {
    const types = eventCatalog.map((entry) => entry.type);
    expect(new Set(types).size).toBe(types.length);
    for (const entry of eventCatalog) {
      expect(entry.schemaVersion).toBe(1);
      expect(entry.description.length).toBeGreaterThan(10);
      for (const category of entry.streamCategories)
        expect(Object.values(streamCategories)).toContain(category);
    }
    expect(findCatalogEntry('InvoiceIssued')?.context).toBe('invoicing');
    expect(findCatalogEntry('PaymentReceived')?.context).toBe('payments');
  });
});

describe('stream names', () => {
  it('puts the category before the first hyphen', () => {
    expect(invoiceStream('abc')).toBe('invoice-abc');
    expect(invoiceSeriesStream('INV-2026')).toBe('invoiceseries-INV-2026');
  });

  it('maps the same external reference, whatever its blanks and case, to one stream per account', () => {
    const first = paymentReferenceStream('acc-1', 'BANK REF 42');
    expect(paymentReferenceStream('acc-1', ' bankref42 ')).toBe(first);
    expect(paymentReferenceStream('acc-2', 'BANK REF 42')).not.toBe(first);
    expect(first).toMatch(/^paymentreference-[0-9a-f-]{36}$/);
  });
});
