import type { PaymentPlanEvent } from '@billing/contracts';
import { collectionCaseDecider } from '../collection-case/collection-case.decider';
import { addDays } from '@billing/kernel';
import { given, stream } from '../shared/decider-spec';
import { paymentPlanDecider } from './payment-plan.decider';
import type { AgreePaymentPlan } from './payment-plan.commands';

const day = (n: number) => addDays('2026-01-01', n);

const agree = (overrides: Partial<AgreePaymentPlan['data']> = {}): AgreePaymentPlan => ({
  type: 'AgreePaymentPlan',
  data: {
    planId: 'plan-1',
    billingAccountId: 'acc-1',
    currency: 'EUR',
    invoices: [{ invoiceId: 'inv-1', amount: '1000.00' }],
    total: '1000.00',
    schedule: { count: 3, firstDueDate: day(45), intervalDays: 30 },
    today: day(40),
    agreedBy: 'agent-7',
    ...overrides,
  },
});

describe('payment plan', () => {
  it('splits 1,000.00 into three instalments of 333.34, 333.33 and 333.33, 30 days apart', () => {
    const [agreed] = given(paymentPlanDecider).when(agree()) as [
      Extract<PaymentPlanEvent, { type: 'PaymentPlanAgreed' }>,
    ];
    expect(agreed.data.instalments).toEqual([
      { number: 1, dueDate: '2026-02-15', amount: '333.34' },
      { number: 2, dueDate: '2026-03-17', amount: '333.33' },
      { number: 3, dueDate: '2026-04-16', amount: '333.33' },
    ]);
  });

  it('refuses listed instalments that do not sum to the total, naming the field instalments', () => {
    const command = agree({
      schedule: undefined,
      instalments: [
        { dueDate: day(45), amount: '500.00' },
        { dueDate: day(75), amount: '499.99' },
      ],
    });
    expect(() => given(paymentPlanDecider).when(command)).toThrow(
      expect.objectContaining({
        code: 'INSTALMENTS_DO_NOT_SUM_TO_TOTAL',
        kind: 'invalid',
        problems: [expect.objectContaining({ field: 'instalments' })],
      }),
    );
  });

  it('refuses invoices that do not add up to the total, and instalments not in date order', () => {
    expect(() => given(paymentPlanDecider).when(agree({ total: '900.00' }))).toThrow(
      expect.objectContaining({ code: 'PLAN_INVOICES_DO_NOT_SUM_TO_TOTAL' }),
    );
    const backwards = agree({
      schedule: undefined,
      instalments: [
        { dueDate: day(75), amount: '500.00' },
        { dueDate: day(45), amount: '500.00' },
      ],
    });
    expect(() => given(paymentPlanDecider).when(backwards)).toThrow(
      expect.objectContaining({ code: 'INSTALMENT_DATES_NOT_INCREASING' }),
    );
  });

  it('matches a payment to the oldest instalments first and leaves any excess unapplied', () => {
    const plan = stream(paymentPlanDecider);
    plan.handle(agree());
    const events = plan.handle({
      type: 'RecordPlanPayment',
      data: { paymentId: 'pay-1', amount: '400.00', date: day(44) },
    });
    expect(events[0]).toMatchObject({
      type: 'PlanPaymentRecorded',
      data: {
        allocations: [
          { number: 1, amount: '333.34' },
          { number: 2, amount: '66.66' },
        ],
        amountUnapplied: '0.00',
      },
    });
    expect(events[1]).toMatchObject({ type: 'InstalmentPaid', data: { number: 1, daysLate: 0 } });
    expect(
      plan.handle({
        type: 'RecordPlanPayment',
        data: { paymentId: 'pay-1', amount: '400.00', date: day(44) },
      }),
    ).toEqual([]);
    const rest = plan.handle({
      type: 'RecordPlanPayment',
      data: { paymentId: 'pay-2', amount: '700.00', date: day(60) },
    });
    expect(rest.map((event) => event.type)).toEqual([
      'PlanPaymentRecorded',
      'InstalmentPaid',
      'InstalmentPaid',
      'PaymentPlanCompleted',
    ]);
    expect(rest[0]).toMatchObject({ data: { amountUnapplied: '100.00' } });
  });

  it('counts each allocation of one payment over two invoices of the plan once', () => {
    const plan = stream(paymentPlanDecider);
    plan.handle(
      agree({
        invoices: [
          { invoiceId: 'inv-1', amount: '600.00' },
          { invoiceId: 'inv-2', amount: '400.00' },
        ],
      }),
    );
    const allocation = (allocationId: string, amount: string) =>
      ({
        type: 'RecordPlanPayment',
        data: { paymentId: 'pay-1', allocationId, amount, date: day(44) },
      }) as const;
    expect(plan.handle(allocation('a-1', '200.00'))[0]).toMatchObject({
      type: 'PlanPaymentRecorded',
      data: { paymentId: 'pay-1', allocationId: 'a-1', amount: '200.00' },
    });
    expect(plan.handle(allocation('a-2', '133.34')).map((event) => event.type)).toEqual([
      'PlanPaymentRecorded',
      'InstalmentPaid',
    ]);
    expect(plan.handle(allocation('a-1', '200.00'))).toEqual([]);
    expect(plan.state().instalments[0]).toMatchObject({ amountPaid: '333.34', paidOn: day(44) });
  });

  it('two instalments paid on time, the third missed: the plan breaks and dunning resumes on 333.33 only', () => {
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
    invoice.handle({ type: 'RunDunning', data: { today: day(37) } });
    const plan = stream(paymentPlanDecider);
    plan.handle(agree());
    invoice.handle({ type: 'PlaceUnderPlan', data: { planId: 'plan-1', amount: '1000.00' } });

    const dunningDuring = (from: number, to: number) => {
      const taken = [];
      for (let n = from; n <= to; n++) {
        plan.handle({ type: 'EvaluatePlan', data: { today: day(n) } });
        taken.push(
          ...invoice
            .handle({ type: 'RunDunning', data: { today: day(n) } })
            .filter((event) => event.type === 'DunningStepTaken'),
        );
      }
      return taken;
    };
    const payOnTime = (paymentId: string, amount: string, on: number, openAfter: string) => {
      plan.handle({ type: 'RecordPlanPayment', data: { paymentId, amount, date: day(on) } });
      invoice.handle({
        type: 'RecordOpenAmountChanged',
        data: {
          amountOpen: openAfter,
          cause: 'payment_applied',
          reference: paymentId,
          occurredOn: day(on),
        },
      });
    };

    expect(dunningDuring(38, 44)).toEqual([]);
    payOnTime('pay-1', '333.34', 45, '666.66');
    expect(dunningDuring(45, 74)).toEqual([]);
    payOnTime('pay-2', '333.33', 75, '333.33');
    expect(dunningDuring(76, 110)).toEqual([]); // third instalment due day 105, grace until 110

    const broken = plan.handle({ type: 'EvaluatePlan', data: { today: day(111) } });
    expect(broken).toEqual([
      {
        type: 'InstalmentMissed',
        data: {
          billingAccountId: 'acc-1',
          planId: 'plan-1',
          number: 3,
          dueDate: '2026-04-16',
          amountDue: '333.33',
          amountUnpaid: '333.33',
          graceDays: 5,
          detectedOn: '2026-04-22',
        },
      },
      {
        type: 'PaymentPlanBroken',
        data: {
          billingAccountId: 'acc-1',
          planId: 'plan-1',
          amountUnpaid: '333.33',
          invoices: [{ invoiceId: 'inv-1', amount: '333.33' }],
          brokenOn: '2026-04-22',
        },
      },
    ]);
    expect(plan.handle({ type: 'EvaluatePlan', data: { today: day(112) } })).toEqual([]);

    invoice.handle({
      type: 'ReleaseFromPlan',
      data: { planId: 'plan-1', reason: 'broken', releasedOn: day(111) },
    });
    const resumed = invoice.handle({ type: 'RunDunning', data: { today: day(111) } });
    expect(resumed).toEqual([
      expect.objectContaining({
        type: 'DunningStepTaken',
        data: expect.objectContaining({
          step: 'second_reminder',
          amountConcerned: '333.33',
          daysOverdue: 81,
        }),
      }),
    ]);
  });

  it('a bounced instalment payment is owed again: the instalment can then be missed and break the plan', () => {
    const plan = stream(paymentPlanDecider);
    plan.handle(agree());
    plan.handle({
      type: 'RecordPlanPayment',
      data: { paymentId: 'pay-1', allocationId: 'alloc-1', amount: '333.34', date: day(45) },
    });
    const bounce = {
      type: 'ReversePlanPayment',
      data: { paymentId: 'pay-1', allocationId: 'alloc-1', reason: 'NSF', date: day(49) },
    } as const;
    expect(plan.handle(bounce)).toEqual([
      {
        type: 'PlanPaymentReversed',
        data: {
          billingAccountId: 'acc-1',
          planId: 'plan-1',
          paymentId: 'pay-1',
          allocationId: 'alloc-1',
          amount: '333.34',
          allocations: [{ number: 1, amount: '333.34' }],
          reason: 'NSF',
          reversedOn: day(49),
        },
      },
    ]);
    expect(plan.state().instalments[0]).toMatchObject({ amountPaid: '0.00', paidOn: null });
    // Redelivered: nothing more. The same allocation recorded again is not counted twice either.
    expect(plan.handle(bounce)).toEqual([]);
    expect(
      plan.handle({
        type: 'RecordPlanPayment',
        data: { paymentId: 'pay-1', allocationId: 'alloc-1', amount: '333.34', date: day(45) },
      }),
    ).toEqual([]);

    const evaluated = plan.handle({ type: 'EvaluatePlan', data: { today: day(51) } });
    expect(evaluated.map((event) => event.type)).toEqual(['InstalmentMissed', 'PaymentPlanBroken']);
    expect(evaluated[1]).toMatchObject({ data: { amountUnpaid: '1000.00' } });
  });

  it('ignores the reversal of a payment it never counted, and reversals once the plan is over', () => {
    const plan = stream(paymentPlanDecider);
    plan.handle(agree());
    expect(
      plan.handle({
        type: 'ReversePlanPayment',
        data: { paymentId: 'pay-9', reason: 'NSF', date: day(46) },
      }),
    ).toEqual([]);
    plan.handle({
      type: 'RecordPlanPayment',
      data: { paymentId: 'pay-1', amount: '1000.00', date: day(45) },
    });
    expect(plan.state().status).toBe('completed');
    // The completed plan released its invoices: their collection cases chase the reopened amount.
    expect(
      plan.handle({
        type: 'ReversePlanPayment',
        data: { paymentId: 'pay-1', reason: 'NSF', date: day(50) },
      }),
    ).toEqual([]);
  });

  it('keeps chasing the part of an invoice a plan does not cover', () => {
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
    invoice.handle({ type: 'PlaceUnderPlan', data: { planId: 'plan-1', amount: '600.00' } });
    const [taken] = invoice.handle({ type: 'RunDunning', data: { today: day(37) } });
    expect(taken).toMatchObject({ data: { amountConcerned: '400.00' } });
  });
});

describe('payment plan schedule limits', () => {
  it('refuses more instalments than there are minor units to share', () => {
    expect(() =>
      given(paymentPlanDecider).when({
        type: 'AgreePaymentPlan',
        data: {
          planId: 'p',
          billingAccountId: 'a',
          currency: 'EUR',
          invoices: [{ invoiceId: 'i', amount: '0.02' }],
          total: '0.02',
          schedule: { count: 3, firstDueDate: '2026-02-01', intervalDays: 30 },
          today: '2026-01-01',
          agreedBy: 'x',
        },
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'INSTALMENT_ZERO',
        problems: [expect.objectContaining({ field: 'schedule.count' })],
      }),
    );
  });
});
