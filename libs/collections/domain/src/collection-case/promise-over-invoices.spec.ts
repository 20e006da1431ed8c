import { DomainError, fold } from '@billing/kernel';
import type { CollectionCaseEvent } from '@billing/contracts';
import { collectionCaseDecider } from './collection-case.decider';
import type { CollectionCaseState } from './collection-case.state';
import { decidePromiseOverInvoices, type PromiseOverInvoices } from './promise-over-invoices';

const today = '2026-03-10';

function invoiceCase(
  invoiceId: string,
  amountOpen: string,
  dueDate: string,
  more: CollectionCaseEvent[] = [],
): CollectionCaseState {
  const tracked = collectionCaseDecider.decide(
    {
      type: 'TrackInvoice',
      data: {
        billingAccountId: 'acc-1',
        invoiceId,
        invoiceNumber: `INV-${invoiceId}`,
        currency: 'EUR',
        amountTotal: amountOpen,
        amountOpen,
        dueDate,
      },
    },
    collectionCaseDecider.initialState(),
  );
  return fold(collectionCaseDecider, [...tracked, ...more]);
}

function promise(
  invoices: PromiseOverInvoices['invoices'],
  amount: string,
  more: Partial<PromiseOverInvoices> = {},
): PromiseOverInvoices {
  return {
    promiseId: 'promise-1',
    amount,
    date: '2026-03-20',
    today,
    madeBy: 'agent-1',
    invoices,
    ...more,
  };
}

function refusal(act: () => unknown): DomainError {
  try {
    act();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal, the promise was decided');
}

describe('a promise over several invoices', () => {
  const older = invoiceCase('a', '300.00', '2026-01-31');
  const newer = invoiceCase('b', '500.00', '2026-02-28');

  it('spreads an amount without parts oldest due first, whatever the order listed', () => {
    const decision = decidePromiseOverInvoices(
      promise([{ invoiceId: 'b' }, { invoiceId: 'a' }], '400'),
      [newer, older],
    );
    expect(decision.amount).toBe('400.00');
    expect(decision.invoices.map((i) => [i.invoiceId, i.amount])).toEqual([
      ['b', '100.00'],
      ['a', '300.00'],
    ]);
    expect(decision.invoices.map((i) => i.events)).toMatchObject([
      [
        {
          type: 'PromiseToPayMade',
          data: { invoiceId: 'b', amount: '100.00', promiseId: 'promise-1' },
        },
      ],
      [
        {
          type: 'PromiseToPayMade',
          data: { invoiceId: 'a', amount: '300.00', promiseId: 'promise-1' },
        },
      ],
    ]);
  });

  it('takes the listed parts when they sum to the amount', () => {
    const decision = decidePromiseOverInvoices(
      promise(
        [
          { invoiceId: 'a', amount: '50' },
          { invoiceId: 'b', amount: '150.5' },
        ],
        '200.50',
      ),
      [older, newer],
    );
    expect(decision.invoices.map((i) => i.amount)).toEqual(['50.00', '150.50']);
  });

  it('refuses parts that do not sum, a part missing beside others, and a wrong currency', () => {
    const notSumming = promise(
      [
        { invoiceId: 'a', amount: '50' },
        { invoiceId: 'b', amount: '50' },
      ],
      '200',
    );
    expect(refusal(() => decidePromiseOverInvoices(notSumming, [older, newer])).code).toBe(
      'PROMISE_PARTS_DO_NOT_SUM',
    );
    const incomplete = promise([{ invoiceId: 'a', amount: '50' }, { invoiceId: 'b' }], '200');
    expect(refusal(() => decidePromiseOverInvoices(incomplete, [older, newer])).problems).toEqual([
      { field: 'invoices[1].amount', reason: 'is required when another invoice has one' },
    ]);
    const usd = promise([{ invoiceId: 'a' }], '100', { currency: 'USD' });
    expect(refusal(() => decidePromiseOverInvoices(usd, [older])).problems).toEqual([
      { field: 'currency', reason: "must be the invoices' currency EUR" },
    ]);
  });

  it('refuses more than the invoices owe, and an invoice the spread does not reach', () => {
    const tooMuch = promise([{ invoiceId: 'a' }, { invoiceId: 'b' }], '800.01');
    expect(refusal(() => decidePromiseOverInvoices(tooMuch, [older, newer])).problems).toEqual([
      { field: 'amount', reason: 'must not exceed the 800.00 these invoices still owe' },
    ]);
    const short = promise([{ invoiceId: 'b' }, { invoiceId: 'a' }], '300');
    const unreached = refusal(() => decidePromiseOverInvoices(short, [newer, older]));
    expect(unreached.code).toBe('PROMISE_DOES_NOT_REACH_INVOICE');
    expect(unreached.problems[0]?.field).toBe('invoices[0].invoiceId');
  });

  it('is one decision: when one invoice refuses its part, no invoice gets any event', () => {
    const promised = collectionCaseDecider.decide(
      {
        type: 'MakePromiseToPay',
        data: { promiseId: 'earlier', amount: '100', date: '2026-03-15', today, madeBy: 'x' },
      },
      newer,
    );
    const newerUnderPromise = invoiceCase('b', '500.00', '2026-02-28', promised);
    let decided: unknown;
    const error = refusal(() => {
      decided = decidePromiseOverInvoices(
        promise(
          [
            { invoiceId: 'a', amount: '100' },
            { invoiceId: 'b', amount: '100' },
          ],
          '200',
        ),
        [older, newerUnderPromise],
      );
    });
    expect(error.code).toBe('PROMISE_ALREADY_ACTIVE');
    expect(decided).toBeUndefined();
  });

  it("moves a case decider's refusal under the invoice it is about", () => {
    const pastDate = promise([{ invoiceId: 'a', amount: '0' }], '0');
    const error = refusal(() => decidePromiseOverInvoices(pastDate, [older]));
    expect(error.problems.map((p) => p.field)).toEqual(['invoices[0].amount']);
  });

  it('repeats nothing when the same promise is decided again on the cases it already made', () => {
    const command = promise([{ invoiceId: 'a' }, { invoiceId: 'b' }], '400');
    const first = decidePromiseOverInvoices(command, [older, newer]);
    const after = [older, newer].map((state, index) =>
      (first.invoices[index]?.events ?? []).reduce(collectionCaseDecider.evolve, state),
    );
    const again = decidePromiseOverInvoices(command, after);
    expect(again.invoices.map((i) => i.events)).toEqual([[], []]);
  });
});
