import { fold } from '@billing/kernel';
import { collectionCaseDecider } from '../collection-case/collection-case.decider';
import { notificationFor } from './notification-for';

describe('dunning notification', () => {
  it('tells the customer which invoice, how much, since when and how to pay', () => {
    const state = fold(collectionCaseDecider, [
      {
        type: 'InvoiceTracked',
        data: {
          billingAccountId: 'acc-1',
          invoiceId: 'inv-1',
          invoiceNumber: 'INV-2026-0001',
          currency: 'EUR',
          amountTotal: '1234567.80',
          amountOpen: '1234567.80',
          dueDate: '2026-01-31',
          segment: 'standard',
        },
      },
    ]);
    const notification = notificationFor(
      {
        billingAccountId: 'acc-1',
        invoiceId: 'inv-1',
        invoiceNumber: 'INV-2026-0001',
        step: 'first_reminder',
        channels: ['email'],
        amountConcerned: '1234567.80',
        currency: 'EUR',
        daysOverdue: 7,
        dueDate: '2026-01-31',
        takenOn: '2026-02-07',
      },
      state,
      {
        name: 'Acme GmbH',
        email: 'ap@acme.example',
        howToPay: {
          bankAccount: 'DE89 3704 0044 0532 0130 00',
          payUrl: 'https://pay.example/inv-1',
        },
      },
    );
    expect(notification.subject).toBe('Payment reminder: invoice INV-2026-0001, EUR 1,234,567.80');
    expect(notification.recipient).toEqual({ name: 'Acme GmbH', email: 'ap@acme.example' });
    expect(notification.body).toContain('Amount due:   EUR 1,234,567.80');
    expect(notification.body).toContain('Due date:     2026-01-31 (7 days overdue)');
    expect(notification.body).toContain('Bank transfer to DE89 3704 0044 0532 0130 00');
    expect(notification.body).toContain('Online: https://pay.example/inv-1');
    expect(notification.body).toContain('Reference: INV-2026-0001');
  });
});
