import { DomainError, addDays } from '@billing/kernel';
import { stream } from '../shared/decider-spec';
import { collectionCaseDecider } from './collection-case.decider';

const day = (n: number) => addDays('2026-01-01', n);

function overdueInvoice() {
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
    },
  });
  return invoice;
}

function stepsTakenBetween(
  invoice: ReturnType<typeof overdueInvoice>,
  from: number,
  to: number,
  evaluate?: { amountPaidSincePromise: string },
) {
  const taken: Array<[number, string]> = [];
  for (let n = from; n <= to; n++) {
    if (evaluate) invoice.handle({ type: 'EvaluatePromise', data: { today: day(n), ...evaluate } });
    for (const event of invoice.handle({ type: 'RunDunning', data: { today: day(n) } })) {
      if (event.type === 'DunningStepTaken') taken.push([n, event.data.step]);
    }
  }
  return taken;
}

const promise = (date: number, today: number, amount = '1000.00') =>
  ({
    type: 'MakePromiseToPay',
    data: { promiseId: 'ptp-1', amount, date: day(date), today: day(today), madeBy: 'agent-7' },
  }) as const;

describe('promise to pay', () => {
  it('made on day 38 for day 50 holds dunning until day 50; unpaid, it is broken and the schedule resumes with the next step', () => {
    const invoice = overdueInvoice();
    expect(stepsTakenBetween(invoice, 30, 37)).toEqual([[37, 'first_reminder']]);
    expect(invoice.handle(promise(50, 38))[0]).toEqual({
      type: 'PromiseToPayMade',
      data: {
        billingAccountId: 'acc-1',
        invoiceId: 'inv-1',
        promiseId: 'ptp-1',
        amount: '1000.00',
        currency: 'EUR',
        promisedDate: '2026-02-20',
        madeOn: '2026-02-08',
        madeBy: 'agent-7',
      },
    });
    expect(stepsTakenBetween(invoice, 38, 50, { amountPaidSincePromise: '0.00' })).toEqual([]);
    expect(
      invoice.handle({
        type: 'EvaluatePromise',
        data: { today: day(51), amountPaidSincePromise: '0.00' },
      }),
    ).toEqual([
      {
        type: 'PromiseToPayBroken',
        data: {
          billingAccountId: 'acc-1',
          invoiceId: 'inv-1',
          promiseId: 'ptp-1',
          amountPromised: '1000.00',
          amountPaid: '0.00',
          amountShort: '1000.00',
          evaluatedOn: '2026-02-21',
          scheduleShiftDays: 0,
        },
      },
    ]);
    expect(stepsTakenBetween(invoice, 51, 120)).toEqual([
      [51, 'second_reminder'],
      [60, 'collections_call'],
      [75, 'final_notice'],
      [90, 'agency_referral'],
    ]);
  });

  it('resumes with the next step, not the most advanced one, after a long promise, keeping the policy spacing', () => {
    const invoice = overdueInvoice();
    stepsTakenBetween(invoice, 30, 37);
    invoice.handle(promise(65, 38));
    expect(stepsTakenBetween(invoice, 38, 65, { amountPaidSincePromise: '0.00' })).toEqual([]);
    expect(stepsTakenBetween(invoice, 66, 130, { amountPaidSincePromise: '0.00' })).toEqual([
      [66, 'second_reminder'],
      [75, 'collections_call'],
      [90, 'final_notice'],
      [105, 'agency_referral'],
    ]);
  });

  it('is kept when the promised amount is paid, and nothing more is chased once the invoice is settled', () => {
    const invoice = overdueInvoice();
    invoice.handle(promise(50, 38));
    invoice.handle({
      type: 'RecordOpenAmountChanged',
      data: { amountOpen: '0.00', cause: 'payment_applied', occurredOn: day(45) },
    });
    expect(
      invoice.handle({
        type: 'EvaluatePromise',
        data: { today: day(45), amountPaidSincePromise: '1000.00' },
      })[0]?.type,
    ).toBe('PromiseToPayKept');
    expect(stepsTakenBetween(invoice, 45, 120)).toEqual([]);
  });

  it('refuses a promised date that is not after today, naming the field date', () => {
    const invoice = overdueInvoice();
    expect(() => invoice.handle(promise(38, 38))).toThrow(DomainError);
    try {
      invoice.handle(promise(38, 38));
    } catch (error) {
      expect(error).toMatchObject({
        code: 'PROMISE_DATE_NOT_FUTURE',
        kind: 'invalid',
        problems: [{ field: 'date' }],
      });
    }
  });

  it('refuses a second promise while one is open, and more than the open amount', () => {
    const invoice = overdueInvoice();
    expect(() => invoice.handle(promise(50, 38, '1000.01'))).toThrow(
      expect.objectContaining({ code: 'PROMISE_EXCEEDS_OPEN_AMOUNT' }),
    );
    invoice.handle(promise(50, 38));
    expect(invoice.handle(promise(50, 38))).toEqual([]);
    expect(() =>
      invoice.handle({
        type: 'MakePromiseToPay',
        data: {
          promiseId: 'ptp-2',
          amount: '10.00',
          date: day(60),
          today: day(39),
          madeBy: 'agent-7',
        },
      }),
    ).toThrow(expect.objectContaining({ code: 'PROMISE_ALREADY_ACTIVE', kind: 'conflict' }));
  });
});
