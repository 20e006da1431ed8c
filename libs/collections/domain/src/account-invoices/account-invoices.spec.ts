import { fold } from '@billing/kernel';
import { collectionCaseDecider } from '../collection-case/collection-case.decider';
import { accountInvoiceProblems } from './account-invoices';

function invoiceCase(invoiceId: string, billingAccountId: string, currency: string) {
  return fold(
    collectionCaseDecider,
    collectionCaseDecider.decide(
      {
        type: 'TrackInvoice',
        data: {
          billingAccountId,
          invoiceId,
          invoiceNumber: `INV-${invoiceId}`,
          currency,
          amountTotal: '100',
          amountOpen: '100',
          dueDate: '2026-01-31',
        },
      },
      collectionCaseDecider.initialState(),
    ),
  );
}

describe('the invoices a request names for an account', () => {
  it('accepts issued invoices of the account in one currency', () => {
    const cases = [invoiceCase('a', 'acc-1', 'EUR'), invoiceCase('b', 'acc-1', 'EUR')];
    expect(accountInvoiceProblems('acc-1', ['a', 'b'], cases)).toEqual([]);
  });

  it('names each invoice listed twice, unknown or of another account', () => {
    const a = invoiceCase('a', 'acc-1', 'EUR');
    const cases = [a, a, collectionCaseDecider.initialState(), invoiceCase('d', 'acc-2', 'EUR')];
    expect(accountInvoiceProblems('acc-1', ['a', 'a', 'c', 'd'], cases)).toEqual([
      { field: 'invoices[1].invoiceId', reason: 'lists an invoice twice' },
      {
        field: 'invoices[2].invoiceId',
        reason: 'is not an issued invoice of this billing account',
      },
      {
        field: 'invoices[3].invoiceId',
        reason: 'is not an issued invoice of this billing account',
      },
    ]);
  });

  it('refuses invoices in two currencies', () => {
    const cases = [invoiceCase('a', 'acc-1', 'EUR'), invoiceCase('b', 'acc-1', 'USD')];
    expect(accountInvoiceProblems('acc-1', ['a', 'b'], cases)).toEqual([
      { field: 'invoices', reason: 'must all be in one currency' },
    ]);
  });
});
