import { addDays } from '@billing/kernel';
import { stream } from '../shared/decider-spec';
import { collectionCaseDecider } from './collection-case.decider';
import type { CollectionCaseCommand } from './collection-case.commands';

const day = (n: number) => addDays('2026-01-01', n);

function trackedInvoice() {
  const invoice = stream(collectionCaseDecider);
  invoice.handle({
    type: 'TrackInvoice',
    data: {
      billingAccountId: 'acc-1',
      invoiceId: 'inv-1',
      invoiceNumber: 'INV-1',
      currency: 'EUR',
      amountTotal: '1000.00',
      amountOpen: '1000.00',
      dueDate: day(30),
      invoiceVersion: 4,
    },
  });
  return invoice;
}

const paid = (amountOpen: string, invoiceVersion: number, on = 40): CollectionCaseCommand => ({
  type: 'RecordOpenAmountChanged',
  data: {
    amountOpen,
    cause: 'payment_applied',
    reference: `pay-${invoiceVersion}`,
    occurredOn: day(on),
    invoiceVersion,
  },
});

describe('a case fed at least once', () => {
  it("ignores invoicing's events it has already learned, even when they arrive again out of order", () => {
    const invoice = trackedInvoice();
    expect(invoice.handle(paid('600.00', 5))).toHaveLength(1);
    expect(invoice.handle(paid('200.00', 6))).toHaveLength(1);
    // A consumer group reading the topic again from the start: every one of them is old news.
    expect(invoice.handle(paid('600.00', 5))).toEqual([]);
    expect(invoice.handle(paid('200.00', 6))).toEqual([]);
    expect(
      invoice.handle({
        type: 'CloseCase',
        data: { reason: 'voided', closedOn: day(41), invoiceVersion: 3 },
      }),
    ).toEqual([]);
    expect(invoice.state()).toMatchObject({
      amountOpen: '200.00',
      invoiceVersion: 6,
      status: 'open',
    });
  });

  it('never holds a dispute again once its hold was lifted, and releases an accepted part only once', () => {
    const invoice = trackedInvoice();
    const open = {
      type: 'PlaceDisputeHold',
      data: { disputeId: 'd-1', amount: '200.00' },
    } as const;
    const accepted = {
      type: 'ReleaseDisputeHold',
      data: { disputeId: 'd-1', amountReleased: '50.00' },
    } as const;
    expect(invoice.handle(open)).toHaveLength(1);
    expect(invoice.handle(accepted)).toHaveLength(1);
    expect(invoice.state().holds).toEqual({ 'd-1': '150.00' });
    expect(invoice.handle(open)).toEqual([]);
    expect(invoice.handle(accepted)).toEqual([]);
    expect(invoice.state().holds).toEqual({ 'd-1': '150.00' });

    const rejected = trackedInvoice();
    rejected.handle(open);
    rejected.handle({
      type: 'ReleaseDisputeHold',
      data: { disputeId: 'd-1', amountReleased: '200.00' },
    });
    expect(rejected.handle(open)).toEqual([]);
    expect(rejected.state().holds).toEqual({});
  });

  it('treats a dispute whose credit note arrived first as settled, so its late opening holds nothing', () => {
    const invoice = trackedInvoice();
    invoice.handle({
      type: 'RecordOpenAmountChanged',
      data: {
        amountOpen: '850.00',
        cause: 'credit_note',
        disputeId: 'd-9',
        occurredOn: day(35),
        invoiceVersion: 5,
      },
    });
    expect(
      invoice.handle({ type: 'PlaceDisputeHold', data: { disputeId: 'd-9', amount: '200.00' } }),
    ).toEqual([]);
    expect(
      invoice.handle({
        type: 'ReleaseDisputeHold',
        data: { disputeId: 'd-9', amountReleased: '50.00' },
      }),
    ).toEqual([]);
    const [step] = invoice.handle({ type: 'RunDunning', data: { today: day(37) } });
    expect(step).toMatchObject({ data: { amountConcerned: '850.00' } });
  });
});

describe('a promise to pay followed from payments', () => {
  const promise = {
    type: 'MakePromiseToPay',
    data: { promiseId: 'p-1', amount: '600.00', date: day(50), today: day(38), madeBy: 'agent' },
  } as const;

  it('counts only payments applied after it was made, less reversals, and is kept once they reach the amount', () => {
    const invoice = trackedInvoice();
    invoice.handle(paid('900.00', 5, 36));
    invoice.handle(promise);
    invoice.handle(paid('500.00', 6, 42));
    invoice.handle({
      type: 'RecordOpenAmountChanged',
      data: {
        amountOpen: '700.00',
        cause: 'payment_reversed',
        occurredOn: day(43),
        invoiceVersion: 7,
      },
    });
    expect(invoice.state().promise?.amountPaid).toBe('200.00');
    expect(invoice.handle({ type: 'EvaluatePromise', data: { today: day(44) } })).toEqual([]);
    invoice.handle(paid('300.00', 8, 45));
    expect(invoice.handle({ type: 'EvaluatePromise', data: { today: day(45) } })).toEqual([
      expect.objectContaining({
        type: 'PromiseToPayKept',
        data: expect.objectContaining({ promiseId: 'p-1', amountPaid: '600.00' }),
      }),
    ]);
  });

  it('is kept when the invoice is settled, even partly by a credit note', () => {
    const invoice = trackedInvoice();
    invoice.handle({ ...promise, data: { ...promise.data, amount: '1000.00' } });
    invoice.handle({
      type: 'RecordOpenAmountChanged',
      data: { amountOpen: '400.00', cause: 'credit_note', occurredOn: day(40), invoiceVersion: 5 },
    });
    invoice.handle(paid('0.00', 6, 41));
    expect(invoice.handle({ type: 'EvaluatePromise', data: { today: day(41) } })[0]?.type).toBe(
      'PromiseToPayKept',
    );
  });
});
