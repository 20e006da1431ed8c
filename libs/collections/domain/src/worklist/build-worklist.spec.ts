import type { CollectionCaseEvent } from '@billing/contracts';
import { fold } from '@billing/kernel';
import { collectionCaseDecider } from '../collection-case/collection-case.decider';
import type { CollectionCaseState } from '../collection-case/collection-case.state';
import { buildWorklist } from './build-worklist';

function caseOf(
  billingAccountId: string,
  invoiceId: string,
  amountOpen: string,
  dueDate: string,
  more: CollectionCaseEvent[] = [],
): CollectionCaseState {
  return fold(collectionCaseDecider, [
    {
      type: 'InvoiceTracked',
      data: {
        billingAccountId,
        invoiceId,
        invoiceNumber: `N-${invoiceId}`,
        currency: 'EUR',
        amountTotal: amountOpen,
        amountOpen,
        dueDate,
        segment: 'standard',
      },
    },
    ...more,
  ]);
}

describe('collections worklist', () => {
  const today = '2026-03-01';

  it('orders accounts by amount overdue times days overdue, with exact decimals', () => {
    const worklist = buildWorklist(
      [
        caseOf('acc-big-recent', 'i1', '10000.00', '2026-02-27'), // 10000.00 x 2 = 20000.00
        caseOf('acc-small-old', 'i2', '500.01', '2026-01-01'), // 500.01 x 59 = 29500.59
        caseOf('acc-small-old', 'i3', '0.99', '2026-02-20'), // 0.99 x 9 = 8.91
        caseOf('acc-not-due', 'i4', '99999.00', '2026-03-05'),
      ],
      today,
    );
    expect(
      worklist.map((entry) => [entry.billingAccountId, entry.amountOverdue, entry.priority]),
    ).toEqual([
      ['acc-small-old', '501.00', '29509.50'],
      ['acc-big-recent', '10000.00', '20000.00'],
    ]);
    expect(worklist[0]?.nextAction).toEqual({
      kind: 'dunning_step',
      invoiceId: 'i2',
      step: 'final_notice',
      channels: ['email', 'post'],
      dueOn: today,
      dueToday: true,
    });
    expect(worklist[1]?.nextAction).toMatchObject({
      step: 'first_reminder',
      dueOn: '2026-03-06',
      dueToday: false,
    });
  });

  it('leaves out invoices fully disputed or paused by a promise to pay', () => {
    const worklist = buildWorklist(
      [
        caseOf('acc-disputed', 'i1', '300.00', '2026-01-01', [
          {
            type: 'DisputeHoldPlaced',
            data: {
              billingAccountId: 'acc-disputed',
              invoiceId: 'i1',
              disputeId: 'd1',
              amount: '300.00',
              amountHeldTotal: '300.00',
            },
          },
        ]),
        caseOf('acc-promised', 'i2', '300.00', '2026-01-01', [
          {
            type: 'PromiseToPayMade',
            data: {
              billingAccountId: 'acc-promised',
              invoiceId: 'i2',
              promiseId: 'p',
              amount: '300.00',
              currency: 'EUR',
              promisedDate: '2026-03-10',
              madeOn: '2026-02-28',
              madeBy: 'a',
            },
          },
        ]),
      ],
      today,
    );
    expect(worklist).toEqual([]);
  });
});
