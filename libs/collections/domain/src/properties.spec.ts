import type { CollectionCaseEvent, PaymentPlanEvent } from '@billing/contracts';
import { Money } from '@billing/money';
import fc from 'fast-check';
import { collectionCaseDecider } from './collection-case/collection-case.decider';
import type { CollectionCaseCommand } from './collection-case/collection-case.commands';
import { defaultDunningPolicy } from './dunning/dunning-policy';
import { paymentPlanDecider } from './payment-plan/payment-plan.decider';
import { addDays } from '@billing/kernel';
import { given, stream } from './shared/decider-spec';

const currencies = [
  { code: 'EUR', minorUnits: 2 },
  { code: 'JPY', minorUnits: 0 },
  { code: 'BHD', minorUnits: 3 },
];

/** A decimal string from a whole number of minor units, built on strings (no float). */
function fromMinorUnits(units: bigint, minorUnits: number): string {
  if (minorUnits === 0) return units.toString();
  const digits = units.toString().padStart(minorUnits + 1, '0');
  return `${digits.slice(0, -minorUnits)}.${digits.slice(-minorUnits)}`;
}

describe('properties', () => {
  it('plan instalments always sum exactly to the total and differ by at most one minor unit', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...currencies),
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        fc.integer({ min: 1, max: 120 }),
        (currency, units, count) => {
          fc.pre(units >= BigInt(count));
          const total = fromMinorUnits(units, currency.minorUnits);
          const [agreed] = given(paymentPlanDecider).when({
            type: 'AgreePaymentPlan',
            data: {
              planId: 'p',
              billingAccountId: 'a',
              currency: currency.code,
              invoices: [{ invoiceId: 'i', amount: total }],
              total,
              schedule: { count, firstDueDate: '2026-01-10', intervalDays: 30 },
              today: '2026-01-01',
              agreedBy: 'agent',
            },
          }) as [Extract<PaymentPlanEvent, { type: 'PaymentPlanAgreed' }>];
          const amounts = agreed.data.instalments.map((instalment) =>
            Money.of(instalment.amount, currency.code),
          );
          expect(amounts).toHaveLength(count);
          expect(Money.sum(amounts, currency.code).equals(Money.of(total, currency.code))).toBe(
            true,
          );
          const largest = amounts.reduce((a, b) => Money.max(a, b));
          const smallest = amounts.reduce((a, b) => Money.min(a, b));
          const oneMinorUnit = Money.of(fromMinorUnits(1n, currency.minorUnits), currency.code);
          expect(largest.subtract(smallest).lessThanOrEqual(oneMinorUnit)).toBe(true);
          expect(smallest.isPositive()).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  const day = (n: number) => addDays('2026-01-01', n);
  const action: fc.Arbitrary<CollectionCaseCommand> = fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .integer({ min: 0, max: 200 })
        .map((n) => ({ type: 'RunDunning', data: { today: day(n) } }) as const),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 0, max: 100000 }).map(
        (cents) =>
          ({
            type: 'RecordOpenAmountChanged',
            data: {
              amountOpen: fromMinorUnits(BigInt(cents), 2),
              cause: 'payment_applied',
              occurredOn: day(40),
            },
          }) as const,
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('d1', 'd2'), fc.integer({ min: 1, max: 100000 })).map(
        ([disputeId, cents]) =>
          ({
            type: 'PlaceDisputeHold',
            data: { disputeId, amount: fromMinorUnits(BigInt(cents), 2) },
          }) as const,
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('d1', 'd2')
        .map(
          (disputeId) =>
            ({ type: 'ReleaseDisputeHold', data: { disputeId, amountReleased: '0.00' } }) as const,
        ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.integer({ min: 30, max: 150 }), fc.integer({ min: 1, max: 40 })).map(
        ([today, ahead]) =>
          ({
            type: 'MakePromiseToPay',
            data: {
              promiseId: `p${today}`,
              amount: '1.00',
              date: day(today + ahead),
              today: day(today),
              madeBy: 'a',
            },
          }) as const,
      ),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 30, max: 200 }).map(
        (n) =>
          ({
            type: 'EvaluatePromise',
            data: { today: day(n), amountPaidSincePromise: '0.00' },
          }) as const,
      ),
    },
  );

  it('never takes a dunning step twice for any sequence of RunDunning days, payments, holds and promises', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 60 }), (commands) => {
        const invoice = stream(collectionCaseDecider);
        invoice.handle({
          type: 'TrackInvoice',
          data: {
            billingAccountId: 'a',
            invoiceId: 'i',
            invoiceNumber: 'N',
            currency: 'EUR',
            amountTotal: '1000.00',
            amountOpen: '1000.00',
            dueDate: day(30),
          },
        });
        for (const command of commands) {
          try {
            invoice.handle(command);
          } catch (error) {
            // Refusals (a second promise, a release above the hold) are fine; a broken invariant is not.
            if (!(error instanceof Error) || error.name !== 'DomainError') throw error;
          }
        }
        const done = invoice.events
          .filter(
            (
              event,
            ): event is Extract<
              CollectionCaseEvent,
              { type: 'DunningStepTaken' | 'DunningStepSkipped' }
            > => event.type === 'DunningStepTaken' || event.type === 'DunningStepSkipped',
          )
          .map((event) => event.data.step);
        expect(new Set(done).size).toBe(done.length);
        // Taken or skipped, steps only ever move forward through the policy.
        const order = done.map((step) =>
          defaultDunningPolicy.steps.findIndex((rule) => rule.step === step),
        );
        expect(order).toEqual([...order].sort((a, b) => a - b));
      }),
      { numRuns: 1000 },
    );
  });
});
