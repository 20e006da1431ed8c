import { loggablePath } from './request-logging.middleware';

describe('loggablePath', () => {
  it('keeps route words, numbers and UUIDs and drops the query', () => {
    expect(
      loggablePath('/invoicing/invoices/6f9619ff-8b86-4d01-b42d-00cf4fc964ff/credit-notes?x=1'),
    ).toBe('/invoicing/invoices/6f9619ff-8b86-4d01-b42d-00cf4fc964ff/credit-notes');
    expect(loggablePath('/ledger/journal/42')).toBe('/ledger/journal/42');
  });

  it('replaces anything a client may have typed into the path', () => {
    expect(loggablePath('/invoicing/billing-accounts/ann@example.org/invoices')).toBe(
      '/invoicing/billing-accounts/:value/invoices',
    );
    expect(loggablePath('/invoicing/invoices/Zebulon%20Quist')).toBe('/invoicing/invoices/:value');
    expect(loggablePath('/x/4111111111111111')).toBe('/x/:value');
  });
});
