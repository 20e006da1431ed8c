import { Money } from '@billing/money';
import type { PaymentEvent } from '@billing/contracts';
import { deciderSpec } from '@billing/kernel/testing';
import {
  accountId,
  allocate,
  invoiceNumbers,
  openInvoices,
  outcome,
  recordPayment,
} from '../../testing/fixtures';
import { allocationIdFor, paymentDecider } from './payment.decider';
import type { PaymentCommand } from './payment.commands';
import { balancesOf } from './payment.state';

const spec = deciderSpec(paymentDecider);
const fold = (events: PaymentEvent[]) =>
  events.reduce(paymentDecider.evolve, paymentDecider.initialState());
function play(commands: PaymentCommand[], given: PaymentEvent[] = []): PaymentEvent[] {
  const events = [...given];
  for (const command of commands) events.push(...paymentDecider.decide(command, fold(events)));
  return events;
}
const balances = (events: PaymentEvent[]) => {
  const b = balancesOf(fold(events));
  return {
    confirmed: b.confirmed.amount,
    pending: b.pending.amount,
    unapplied: b.unapplied.amount,
    refunded: b.refunded.amount,
    reversed: b.reversed.amount,
  };
};
const a = (paymentId: string, invoiceId: string, sequence: number) =>
  allocationIdFor(paymentId, invoiceId, sequence);

describe('recording a payment', () => {
  it('records the payment with all of it unapplied', () => {
    const events = spec.given([]).when(recordPayment('pay-1', '2225.25')).events();
    expect(events).toEqual([
      {
        type: 'PaymentReceived',
        data: {
          paymentId: 'pay-1',
          billingAccountId: accountId,
          amount: '2225.25',
          currency: 'USD',
          method: 'bank_transfer',
          externalReference: 'BANK-pay-1',
          receivedDate: '2026-02-10',
          recordedAt: '2026-02-10T08:00:00.000Z',
        },
      },
    ]);
    expect(balances(events)).toMatchObject({
      unapplied: '2225.25',
      pending: '0.00',
      confirmed: '0.00',
    });
  });

  it('refuses a non-positive amount, an unknown method and a bad date, naming every field', () => {
    spec
      .given([])
      .when(
        recordPayment('pay-1', '0.00', {
          method: 'cash' as never,
          receivedDate: '2026-02-30',
          externalReference: '',
        }),
      )
      .thenThrows({
        code: 'INVALID_PAYMENT',
        kind: 'invalid',
        problems: [
          { field: 'externalReference', reason: 'is required' },
          { field: 'method', reason: 'must be one of bank_transfer, card, check, direct_debit' },
          { field: 'receivedDate', reason: 'must be a calendar date YYYY-MM-DD' },
          { field: 'amount', reason: 'must be an amount greater than 0 in USD' },
        ],
      });
  });

  it('refuses remittance advice that adds up to more than the payment', () => {
    spec
      .given([])
      .when(
        recordPayment('pay-1', '100.00', {
          remittance: [
            { invoiceId: 'inv-1', amount: '60.00' },
            { invoiceId: 'inv-2', amount: '40.01' },
          ],
        }),
      )
      .thenThrows({
        code: 'INVALID_PAYMENT',
        problems: [
          { field: 'remittance', reason: 'the remitted amounts exceed the payment 100.00' },
        ],
      });
  });

  it('treats a retried record as done and another payment under the same id as a conflict', () => {
    const given = play([recordPayment('pay-1', '10.00')]);
    spec
      .given(given)
      .when(recordPayment('pay-1', '10.00', { recordedAt: '2026-02-10T09:00:00Z' }))
      .then([]);
    spec
      .given(given)
      .when(recordPayment('pay-1', '11.00'))
      .thenThrows({ code: 'PAYMENT_ALREADY_RECORDED', kind: 'conflict' });
  });
});

describe('issue scenario: two payments over three invoices, then a reversal', () => {
  const first = play([recordPayment('pay-1', '2225.25'), allocate('pay-1', openInvoices)]);

  it('1: allocates 2,225.25 oldest due first: invoices 1 and 2 in full, 225.25 to invoice 3', () => {
    expect(first.at(-1)).toEqual({
      type: 'PaymentAllocated',
      data: {
        paymentId: 'pay-1',
        billingAccountId: accountId,
        currency: 'USD',
        mode: 'automatic',
        allocations: [
          { allocationId: a('pay-1', 'inv-1', 0), invoiceId: 'inv-1', amount: '1200.00' },
          { allocationId: a('pay-1', 'inv-2', 1), invoiceId: 'inv-2', amount: '800.00' },
          { allocationId: a('pay-1', 'inv-3', 2), invoiceId: 'inv-3', amount: '225.25' },
        ],
        unappliedAfter: '0.00',
        allocatedAt: '2026-02-10T08:01:00.000Z',
      },
    });
    expect(balances(first)).toMatchObject({ pending: '2225.25', unapplied: '0.00' });
  });

  const firstConfirmed = play(
    [
      outcome('pay-1', a('pay-1', 'inv-1', 0), 'applied'),
      outcome('pay-1', a('pay-1', 'inv-2', 1), 'applied'),
      outcome('pay-1', a('pay-1', 'inv-3', 2), 'applied'),
    ],
    first,
  );

  it('confirms each allocation when invoicing applies it', () => {
    expect(firstConfirmed.slice(-3).map((e) => e.type)).toEqual([
      'AllocationConfirmed',
      'AllocationConfirmed',
      'AllocationConfirmed',
    ]);
    expect(balances(firstConfirmed)).toMatchObject({
      confirmed: '2225.25',
      pending: '0.00',
      unapplied: '0.00',
    });
  });

  it('2: allocates 300.00 to the 225.25 left on invoice 3 and keeps 74.75 unapplied', () => {
    const stillOpen = [{ ...openInvoices[0]!, amountOpen: '225.25' }];
    const second = play([recordPayment('pay-2', '300.00'), allocate('pay-2', stillOpen)]);
    expect(second.at(-1)!.data).toMatchObject({
      allocations: [{ allocationId: a('pay-2', 'inv-3', 0), invoiceId: 'inv-3', amount: '225.25' }],
      unappliedAfter: '74.75',
    });
    expect(balances(second)).toMatchObject({ pending: '225.25', unapplied: '74.75' });
  });

  it('3: reversing the first payment asks invoicing to reverse every allocation', () => {
    const [reversed] = spec
      .given(firstConfirmed)
      .when({
        type: 'ReversePayment',
        data: {
          paymentId: 'pay-1',
          reason: 'returned unpaid (R01)',
          reversedAt: '2026-02-14T00:00:00Z',
        },
      })
      .events();
    expect(reversed!.data).toMatchObject({
      allocationsToReverse: [
        { invoiceId: 'inv-1', amount: '1200.00' },
        { invoiceId: 'inv-2', amount: '800.00' },
        { invoiceId: 'inv-3', amount: '225.25' },
      ],
      unappliedReleased: '0.00',
    });
    expect(balances([...firstConfirmed, reversed!])).toMatchObject({
      confirmed: '0.00',
      pending: '0.00',
      unapplied: '0.00',
      reversed: '2225.25',
    });
    spec
      .given([...firstConfirmed, reversed!])
      .when({
        type: 'ReversePayment',
        data: { paymentId: 'pay-1', reason: 'again', reversedAt: 'x' },
      })
      .then([]);
    spec
      .given([...firstConfirmed, reversed!])
      .when(allocate('pay-1', openInvoices))
      .thenThrows({ code: 'PAYMENT_REVERSED', kind: 'conflict' });
  });
});

describe('allocation outcomes', () => {
  const given = play([
    recordPayment('pay-2', '300.00'),
    allocate('pay-2', [{ ...openInvoices[0]!, amountOpen: '225.25' }]),
  ]);
  const allocationId = a('pay-2', 'inv-3', 0);

  it('returns a rejected allocation to the unapplied balance, once', () => {
    const events = play([outcome('pay-2', allocationId, 'rejected')], given);
    expect(events.at(-1)).toEqual({
      type: 'AllocationReturned',
      data: {
        paymentId: 'pay-2',
        billingAccountId: accountId,
        allocationId,
        invoiceId: 'inv-3',
        currency: 'USD',
        amount: '225.25',
        reason: 'over_application',
        unappliedAfter: '300.00',
      },
    });
    spec
      .given(events)
      .when(outcome('pay-2', allocationId, 'rejected'))
      .then([]);
    spec
      .given(events)
      .when(outcome('pay-2', allocationId, 'applied'))
      .thenThrows({ code: 'ALLOCATION_OUTCOME_CONFLICT', kind: 'conflict' });
  });

  it('ignores a redelivered confirmation and an unknown allocation is an error', () => {
    const events = play([outcome('pay-2', allocationId, 'applied')], given);
    spec
      .given(events)
      .when(outcome('pay-2', allocationId, 'applied'))
      .then([]);
    spec
      .given(events)
      .when(outcome('pay-2', 'nope', 'applied'))
      .thenThrows({ code: 'ALLOCATION_NOT_FOUND', kind: 'not_found' });
  });

  it('does not allocate again what this payment already has pending on an invoice', () => {
    const again = spec
      .given(given)
      .when(allocate('pay-2', [{ ...openInvoices[0]!, amountOpen: '225.25' }]))
      .events();
    expect(again).toEqual([]);
  });

  it('after a rejection the returned money can be allocated again, under a new allocation id', () => {
    const events = play(
      [
        outcome('pay-2', allocationId, 'rejected'),
        allocate('pay-2', [{ ...openInvoices[0]!, amountOpen: '100.00' }]),
      ],
      given,
    );
    expect(events.at(-1)!.data).toMatchObject({
      allocations: [{ allocationId: a('pay-2', 'inv-3', 1), invoiceId: 'inv-3', amount: '100.00' }],
      unappliedAfter: '200.00',
    });
  });
});

describe('instructed allocation', () => {
  const received = play([recordPayment('pay-1', '1000.00')]);

  it('allocates exactly the instructed invoices and amounts, leaving the rest unapplied', () => {
    const [event] = spec
      .given(received)
      .when(
        allocate('pay-1', openInvoices, [
          { invoiceId: 'inv-3', amount: '450.50' },
          { invoiceId: 'inv-2', amount: '100.00' },
        ]),
      )
      .events();
    expect(event!.data).toMatchObject({
      mode: 'instructed',
      allocations: [
        { invoiceId: 'inv-3', amount: '450.50' },
        { invoiceId: 'inv-2', amount: '100.00' },
      ],
      unappliedAfter: '449.50',
    });
  });

  it('refuses invalid instructions, one problem per field', () => {
    spec
      .given(received)
      .when(
        allocate('pay-1', openInvoices, [
          { invoiceId: 'inv-3', amount: '450.51' },
          { invoiceId: 'inv-x', amount: '1.00' },
          { invoiceId: 'inv-2', amount: '-5.00' },
        ]),
      )
      .thenThrows({
        code: 'INVALID_ALLOCATION',
        kind: 'invalid',
        problems: [
          { field: 'instructions[0].amount', reason: "exceeds the invoice's open amount 450.50" },
          {
            field: 'instructions[1].invoiceId',
            reason: 'invoice inv-x is not open on this account',
          },
          { field: 'instructions[2].amount', reason: 'must be an amount greater than 0 in USD' },
        ],
      });
  });

  it('refuses instructions that add up to more than the unapplied balance', () => {
    spec
      .given(received)
      .when(
        allocate('pay-1', openInvoices, [
          { invoiceId: 'inv-1', amount: '900.00' },
          { invoiceId: 'inv-2', amount: '100.01' },
        ]),
      )
      .thenThrows({
        code: 'INVALID_ALLOCATION',
        problems: [{ field: 'instructions', reason: 'the amounts exceed the unapplied 1000.00' }],
      });
  });

  describe('while a dispute holds part of an invoice', () => {
    // inv-1 (due first, 1200.00 open) has 300.00 under dispute.
    const disputed = openInvoices.map((i) =>
      i.invoiceId === 'inv-1' ? { ...i, amountHeld: '300.00' } : i,
    );

    it('automatic allocation pays only the undisputed part, then the next invoice', () => {
      const [event] = spec.given(received).when(allocate('pay-1', disputed)).events();
      expect(event!.data).toMatchObject({
        mode: 'automatic',
        allocations: [
          { invoiceId: 'inv-1', amount: '900.00' },
          { invoiceId: 'inv-2', amount: '100.00' },
        ],
        unappliedAfter: '0.00',
      });
    });

    it('a second automatic allocation does not reach the disputed part past a pending one', () => {
      const inv1 = disputed.find((i) => i.invoiceId === 'inv-1')!;
      const afterFirst = play([allocate('pay-1', [inv1])], received);
      expect(afterFirst.at(-1)!.data).toMatchObject({
        allocations: [{ invoiceId: 'inv-1', amount: '900.00' }],
        unappliedAfter: '100.00',
      });
      // Invoicing has not applied the 900.00 yet, so the read model still says 1200.00 open.
      expect(
        spec
          .given(afterFirst)
          .when(allocate('pay-1', [inv1]))
          .events(),
      ).toEqual([]);
    });

    it('a coordinator may still apply the payment to the disputed amount by naming the invoice', () => {
      const [event] = spec
        .given(received)
        .when(allocate('pay-1', disputed, [{ invoiceId: 'inv-1', amount: '1000.00' }]))
        .events();
      expect(event!.data).toMatchObject({
        mode: 'instructed',
        allocations: [{ invoiceId: 'inv-1', amount: '1000.00' }],
        unappliedAfter: '0.00',
      });
    });
  });
});

describe('refunds and receipts', () => {
  const second = play([
    recordPayment('pay-2', '300.00'),
    allocate('pay-2', [{ ...openInvoices[0]!, amountOpen: '225.25' }]),
  ]);
  const refund = (amount: string, refundId = 'rf-1'): PaymentCommand => ({
    type: 'RefundUnapplied',
    data: {
      paymentId: 'pay-2',
      refundId,
      amount,
      currency: 'USD',
      refundedAt: '2026-02-20T00:00:00Z',
    },
  });

  it('refunds at most the unapplied balance, once per refund id', () => {
    spec
      .given(second)
      .when(refund('74.76'))
      .thenThrows({ code: 'REFUND_EXCEEDS_UNAPPLIED', kind: 'conflict' });
    const events = play([refund('74.75')], second);
    expect(events.at(-1)!.data).toMatchObject({ amount: '74.75', unappliedAfter: '0.00' });
    expect(balances(events)).toMatchObject({
      refunded: '74.75',
      unapplied: '0.00',
      pending: '225.25',
    });
    spec.given(events).when(refund('74.75')).then([]);
  });

  const confirm = (onRequest: boolean, confirmationId = 'rcpt-1'): PaymentCommand => ({
    type: 'IssuePaymentConfirmation',
    data: {
      paymentId: 'pay-2',
      confirmationId,
      onRequest,
      invoiceNumbers,
      issuedAt: '2026-02-21T00:00:00Z',
    },
  });

  it('issues a receipt on request while partly applied, and refuses one otherwise', () => {
    spec
      .given(second)
      .when(confirm(false))
      .thenThrows({ code: 'PAYMENT_NOT_APPLIED', kind: 'conflict' });
    const [receipt] = spec.given(second).when(confirm(true)).events();
    expect(receipt!.data).toMatchObject({
      amount: '300.00',
      applied: '225.25',
      unapplied: '74.75',
      refunded: '0.00',
      allocations: [
        {
          invoiceId: 'inv-3',
          invoiceNumber: 'INV-2026-000003',
          amount: '225.25',
          status: 'pending',
        },
      ],
    });
    const nothingYet = play([recordPayment('pay-3', '5.00')]);
    spec
      .given(nothingYet)
      .when({
        ...confirm(true),
        data: { ...(confirm(true).data as object), paymentId: 'pay-3' },
      } as PaymentCommand)
      .thenThrows({ code: 'PAYMENT_NOT_APPLIED' });
  });

  it('counts a refunded remainder as settled: applied and confirmed + refunded is fully applied', () => {
    const confirmed = play(
      [outcome('pay-2', a('pay-2', 'inv-3', 0), 'applied'), refund('74.75')],
      second,
    );
    expect(spec.given(confirmed).when(confirm(false)).events()[0]!.data).toMatchObject({
      applied: '225.25',
      unapplied: '0.00',
      refunded: '74.75',
      allocations: [{ invoiceNumber: 'INV-2026-000003', amount: '225.25', status: 'confirmed' }],
    });
  });

  it('issues a receipt without asking once the whole payment is applied and confirmed', () => {
    const full = play([
      recordPayment('pay-2', '225.25'),
      allocate('pay-2', [{ ...openInvoices[0]!, amountOpen: '225.25' }]),
    ]);
    const confirmed = play([outcome('pay-2', a('pay-2', 'inv-3', 0), 'applied')], full);
    expect(spec.given(confirmed).when(confirm(false)).events()[0]!.data).toMatchObject({
      applied: '225.25',
      unapplied: '0.00',
    });
  });
});

describe('the balance invariant', () => {
  it('stops a history whose allocations do not add up to the payment', () => {
    const received = play([recordPayment('pay-1', '100.00')]);
    const broken: PaymentEvent = {
      type: 'PaymentAllocated',
      data: {
        paymentId: 'pay-1',
        billingAccountId: accountId,
        currency: 'USD',
        mode: 'automatic',
        allocations: [{ allocationId: 'x', invoiceId: 'inv-1', amount: '60.00' }],
        unappliedAfter: '50.00',
        allocatedAt: 'x',
      },
    };
    expect(() => fold([...received, broken])).toThrow(/110.00 accounted for, 100.00 received/);
  });
});

describe('chargebacks', () => {
  // 2,500.00 over the three invoices (oldest due first: inv-1, inv-2, then 450.50 on inv-3),
  // every allocation applied by invoicing, 49.50 left unapplied.
  const applied = (() => {
    const allocated = play([recordPayment('pay-1', '2500.00'), allocate('pay-1', openInvoices)]);
    return play(
      [
        outcome('pay-1', a('pay-1', 'inv-1', 0), 'applied'),
        outcome('pay-1', a('pay-1', 'inv-2', 1), 'applied'),
        outcome('pay-1', a('pay-1', 'inv-3', 2), 'applied'),
      ],
      allocated,
    );
  })();
  const chargeback = (
    amount: string,
    overrides: Partial<Extract<PaymentCommand, { type: 'ReceiveChargeback' }>['data']> = {},
  ): PaymentCommand => ({
    type: 'ReceiveChargeback',
    data: {
      paymentId: 'pay-1',
      chargebackId: 'cb-1',
      chargebackReference: 'VISA 778 001',
      amount,
      currency: 'USD',
      reasonCode: '13.3',
      reasonDescription: 'Not as described',
      receivedAt: '2026-03-01T09:00:00.000Z',
      ...overrides,
    },
  });
  const common = {
    billingAccountId: accountId,
    paymentId: 'pay-1',
    chargebackId: 'cb-1',
    chargebackReference: 'VISA 778 001',
    currency: 'USD',
    reasonCode: '13.3',
    reasonDescription: 'Not as described',
    receivedAt: '2026-03-01T09:00:00.000Z',
  };

  it('takes unapplied credit first, then the latest applied invoices, one event per invoice', () => {
    const events = spec
      .given(applied)
      .when(chargeback('600.00'))
      .then([
        {
          type: 'UnappliedCreditChargedBack',
          data: { ...common, amount: '49.50', unappliedAfter: '0.00' },
        },
        { type: 'ChargebackReceived', data: { ...common, invoiceId: 'inv-3', amount: '450.50' } },
        { type: 'ChargebackReceived', data: { ...common, invoiceId: 'inv-2', amount: '100.00' } },
      ]);
    const state = fold([...applied, ...events]);
    expect(balancesOf(state)).toMatchObject({
      confirmed: Money.of('1900.00', 'USD'),
      unapplied: Money.of('0.00', 'USD'),
      chargedBack: Money.of('600.00', 'USD'),
    });
    expect(
      state.allocations.map((x) => [x.invoiceId, x.amountChargedBack.amount, x.status]),
    ).toEqual([
      ['inv-1', '0.00', 'confirmed'],
      ['inv-2', '100.00', 'confirmed'],
      ['inv-3', '450.50', 'confirmed'],
    ]);
  });

  it('records a chargeback once, and refuses the same bank reference under another id', () => {
    const events = play([chargeback('100.00')], applied);
    spec.given(events).when(chargeback('100.00')).then([]);
    spec
      .given(events)
      .when(chargeback('5.00', { chargebackId: 'cb-2', chargebackReference: 'visa778001' }))
      .thenThrows({
        code: 'CHARGEBACK_ALREADY_RECORDED',
        kind: 'conflict',
        problems: [{ field: 'chargebackReference', reason: 'is already recorded on this payment' }],
      });
  });

  it('refuses more than is left of the payment, another currency and missing fields, naming each', () => {
    spec
      .given(applied)
      .when(chargeback('2500.01'))
      .thenThrows({
        code: 'CHARGEBACK_EXCEEDS_PAYMENT',
        kind: 'invalid',
        problems: [{ field: 'amount' }],
      });
    const afterOne = play([chargeback('2000.00')], applied);
    spec
      .given(afterOne)
      .when(chargeback('500.01', { chargebackId: 'cb-2', chargebackReference: 'MC-2' }))
      .thenThrows({ code: 'CHARGEBACK_EXCEEDS_PAYMENT', problems: [{ field: 'amount' }] });
    spec
      .given(applied)
      .when(chargeback('10.00', { currency: 'EUR' }))
      .thenThrows({
        code: 'INVALID_CHARGEBACK',
        problems: [{ field: 'currency', reason: 'must be the payment currency USD' }],
      });
    spec
      .given(applied)
      .when(chargeback('0.001', { chargebackReference: ' ', reasonCode: '' }))
      .thenThrows({
        code: 'INVALID_CHARGEBACK',
        problems: [
          { field: 'chargebackReference', reason: 'is required' },
          { field: 'reasonCode', reason: 'is required' },
          { field: 'amount', reason: 'must be an amount greater than 0 in USD' },
        ],
      });
  });

  it('waits for invoicing before charging back money it has not applied yet', () => {
    const pending = play([recordPayment('pay-1', '500.00'), allocate('pay-1', openInvoices)]);
    spec
      .given(pending)
      .when(chargeback('100.00'))
      .thenThrows({ code: 'ALLOCATIONS_PENDING', kind: 'conflict' });
  });

  it('refuses a chargeback on an unknown or reversed payment', () => {
    spec.given([]).when(chargeback('1.00')).thenThrows({ code: 'PAYMENT_NOT_FOUND' });
    const reversed = play(
      [{ type: 'ReversePayment', data: { paymentId: 'pay-1', reason: 'R01', reversedAt: 'x' } }],
      applied,
    );
    spec.given(reversed).when(chargeback('1.00')).thenThrows({ code: 'PAYMENT_REVERSED' });
  });

  it('reverses only what chargebacks left when the payment bounces afterwards', () => {
    const events = play(
      [
        chargeback('500.00'),
        { type: 'ReversePayment', data: { paymentId: 'pay-1', reason: 'R01', reversedAt: 'x' } },
      ],
      applied,
    );
    expect(events.at(-1)!.data).toMatchObject({
      allocationsToReverse: [
        { invoiceId: 'inv-1', amount: '1200.00' },
        { invoiceId: 'inv-2', amount: '800.00' },
      ],
      unappliedReleased: '0.00',
    });
    expect(balances(events)).toMatchObject({ confirmed: '0.00', reversed: '2000.00' });
  });
});
