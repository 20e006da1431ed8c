import fc from 'fast-check';
import { Money } from '@billing/money';
import { DomainError } from '@billing/kernel';
import type { PaymentEvent } from '@billing/contracts';
import { allocate, openInvoices, recordPayment } from '../../testing/fixtures';
import type { PaymentCommand } from './payment.commands';
import { paymentDecider } from './payment.decider';
import { balancesOf, type PaymentState } from './payment.state';

/** Minor units as bigint rendered as a decimal string: no JS number holds an amount. */
const amountArb = (max: bigint) =>
  fc.bigInt({ min: 1n, max }).map((c) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`);

type Step =
  | { kind: 'allocate'; opens: string[] }
  | { kind: 'outcome'; index: number; applied: boolean }
  | { kind: 'refund'; refundId: string; amount: string }
  | { kind: 'reverse' }
  | { kind: 'confirm'; onRequest: boolean }
  | { kind: 'chargeback'; reference: string; amount: string };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .array(amountArb(150_000n), { minLength: 3, maxLength: 3 })
      .map((opens): Step => ({ kind: 'allocate', opens })),
  },
  {
    weight: 4,
    arbitrary: fc
      .record({ index: fc.nat(20), applied: fc.boolean() })
      .map((s): Step => ({ kind: 'outcome', ...s })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ refundId: fc.constantFrom('r1', 'r2', 'r3'), amount: amountArb(50_000n) })
      .map((s): Step => ({ kind: 'refund', ...s })),
  },
  { weight: 1, arbitrary: fc.constant<Step>({ kind: 'reverse' }) },
  { weight: 1, arbitrary: fc.boolean().map((onRequest): Step => ({ kind: 'confirm', onRequest })) },
  {
    weight: 2,
    arbitrary: fc
      .record({ reference: fc.constantFrom('cb1', 'cb2', 'cb3'), amount: amountArb(200_000n) })
      .map((s): Step => ({ kind: 'chargeback', ...s })),
  },
);

function toCommand(step: Step, state: PaymentState): PaymentCommand | null {
  switch (step.kind) {
    case 'allocate':
      return allocate(
        'pay-1',
        openInvoices.map((invoice, i) => ({ ...invoice, amountOpen: step.opens[i]! })),
      );
    case 'outcome': {
      const allocation = state.allocations[step.index % Math.max(1, state.allocations.length)];
      if (!allocation) return null;
      return {
        type: 'RecordAllocationOutcome',
        data: {
          paymentId: 'pay-1',
          allocationId: allocation.allocationId,
          outcome: step.applied ? 'applied' : 'rejected',
        },
      };
    }
    case 'refund':
      return {
        type: 'RefundUnapplied',
        data: {
          paymentId: 'pay-1',
          refundId: step.refundId,
          amount: step.amount,
          currency: 'USD',
          refundedAt: 'x',
        },
      };
    case 'reverse':
      return {
        type: 'ReversePayment',
        data: { paymentId: 'pay-1', reason: 'bounced', reversedAt: 'x' },
      };
    case 'confirm':
      return {
        type: 'IssuePaymentConfirmation',
        data: {
          paymentId: 'pay-1',
          confirmationId: 'c1',
          onRequest: step.onRequest,
          invoiceNumbers: {},
          issuedAt: 'x',
        },
      };
    case 'chargeback':
      return {
        type: 'ReceiveChargeback',
        data: {
          paymentId: 'pay-1',
          chargebackId: `id-${step.reference}`,
          chargebackReference: step.reference,
          amount: step.amount,
          currency: 'USD',
          reasonCode: '13.3',
          receivedAt: 'x',
        },
      };
  }
}

describe('payment balance properties', () => {
  it('accounts for every minor unit: applied + unapplied + refunded + reversed + charged back == amount (300 runs)', () => {
    fc.assert(
      fc.property(amountArb(400_000n), fc.array(stepArb, { maxLength: 30 }), (amount, steps) => {
        let state = paymentDecider.initialState();
        const apply = (events: PaymentEvent[]) => {
          for (const event of events) state = paymentDecider.evolve(state, event);
        };
        apply(paymentDecider.decide(recordPayment('pay-1', amount), state));
        for (const step of steps) {
          const command = toCommand(step, state);
          if (!command) continue;
          try {
            apply(paymentDecider.decide(command, state));
          } catch (error) {
            if (!(error instanceof DomainError)) throw error; // refusals are fine, invariant breaks are not
          }
        }
        const b = balancesOf(state);
        const accounted = Money.sum(
          [b.confirmed, b.pending, b.unapplied, b.refunded, b.reversed, b.chargedBack],
          'USD',
        );
        const chargedBackPerAllocation = Money.sum(
          state.allocations.map((x) => x.amountChargedBack),
          'USD',
        );
        // What chargebacks took from allocations never exceeds what they took in all.
        expect(chargedBackPerAllocation.lessThanOrEqual(b.chargedBack)).toBe(true);
        expect(accounted.amount).toBe(Money.of(amount, 'USD').amount);
        expect(b.unapplied.isNegative()).toBe(false);
        if (state.status === 'reversed')
          expect([b.pending.amount, b.confirmed.amount, b.unapplied.amount]).toEqual([
            '0.00',
            '0.00',
            '0.00',
          ]);
      }),
      { numRuns: 300 },
    );
  });
});
