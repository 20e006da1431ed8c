import fc from 'fast-check';
import { Money } from '@billing/money';
import { DomainError } from '@billing/kernel';
import type { InvoiceEvent } from '@billing/contracts';
import { accountId, issuedInvoiceEvents, line } from '../../testing/fixtures';
import type { InvoiceCommand } from './invoice.commands';
import { invoiceDecider } from './invoice.decider';
import { amountOpen } from './invoice.state';

/** Minor units as bigint rendered as a decimal string: no JS number holds an amount. */
const amountArb = fc
  .bigInt({ min: 1n, max: 150_000n })
  .map((c) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`);
const pick = (prefix: string, count: number) =>
  fc.integer({ min: 0, max: count - 1 }).map((i) => `${prefix}${i}`);

const commandArb: fc.Arbitrary<InvoiceCommand> = fc.oneof(
  fc
    .record({ allocationId: pick('alloc-', 6), amount: amountArb })
    .map(({ allocationId, amount }): InvoiceCommand => ({
      type: 'ApplyPaymentAllocation',
      data: {
        invoiceId: 'inv-1',
        billingAccountId: accountId,
        paymentId: 'pay-1',
        allocationId,
        amount,
        currency: 'USD',
      },
    })),
  pick('alloc-', 6).map((allocationId): InvoiceCommand => ({
    type: 'ReversePaymentAllocation',
    data: { invoiceId: 'inv-1', paymentId: 'pay-1', allocationId, reason: 'bounced' },
  })),
  fc
    .record({
      creditNoteId: pick('cn-', 4),
      amount: amountArb,
      lineId: fc.constantFrom('a', 'b', null),
    })
    .map(({ creditNoteId, amount, lineId }): InvoiceCommand => ({
      type: 'IssueCreditNote',
      data: {
        invoiceId: 'inv-1',
        creditNoteId,
        number: `CN-${creditNoteId}`,
        issueDate: '2026-02-01',
        scope: lineId === null ? { kind: 'amount', amount } : { kind: 'lines', lineIds: [lineId] },
        reason: 'goodwill',
      },
    })),
  fc
    .record({ writeOffId: pick('wo-', 3), amount: amountArb })
    .map(({ writeOffId, amount }): InvoiceCommand => ({
      type: 'ApplyInvoiceAdjustment',
      data: {
        invoiceId: 'inv-1',
        billingAccountId: accountId,
        writeOffId,
        amount,
        currency: 'USD',
        reason: 'uncollectible',
        writtenOffAt: '2026-06-01T00:00:00Z',
      },
    })),
  fc
    .record({ disputeId: pick('dsp-', 3), amount: amountArb })
    .map(({ disputeId, amount }): InvoiceCommand => ({
      type: 'CreditAcceptedDispute',
      data: {
        invoiceId: 'inv-1',
        billingAccountId: accountId,
        disputeId,
        creditNoteId: `cn-${disputeId}`,
        number: `CN-${disputeId}`,
        issueDate: '2026-02-01',
        amount,
        currency: 'USD',
        decidedAt: '2026-02-01T00:00:00Z',
      },
    })),
  fc
    .record({ chargebackId: pick('cb-', 4), amount: amountArb })
    .map(({ chargebackId, amount }): InvoiceCommand => ({
      type: 'ReverseChargedBackPayment',
      data: {
        invoiceId: 'inv-1',
        paymentId: 'pay-1',
        chargebackId,
        chargebackReference: `REF-${chargebackId}`,
        reasonCode: '13.3',
        amount,
        currency: 'USD',
      },
    })),
  fc.constant<InvoiceCommand>({
    type: 'VoidInvoice',
    data: { invoiceId: 'inv-1', reason: 'error', voidedAt: '2026-02-01T00:00:00Z' },
  }),
);

const sum = (amounts: string[]) =>
  Money.sum(
    amounts.map((a) => Money.of(a, 'USD')),
    'USD',
  );

describe('invoice balance properties', () => {
  it('keeps 0 <= open <= total and open = total − net paid − credited − written off, whatever happens, chargebacks and dispute credits included (300 runs)', () => {
    const issued = issuedInvoiceEvents(
      'inv-1',
      [line({ lineId: 'a' }), line({ lineId: 'b', unitPrice: '100.00', taxRate: '0' })],
      'INV-1',
      '2026-01-05',
    );
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 25 }), (commands) => {
        const events: InvoiceEvent[] = [...issued];
        let state = events.reduce(invoiceDecider.evolve, invoiceDecider.initialState());
        for (const command of commands) {
          let decided: InvoiceEvent[];
          try {
            decided = invoiceDecider.decide(command, state);
          } catch (error) {
            if (error instanceof DomainError) continue; // a refused command; anything else is a bug
            throw error;
          }
          for (const event of decided) {
            events.push(event);
            state = invoiceDecider.evolve(state, event);
          }
        }
        const total = Money.of('1300.00', 'USD');
        const open = amountOpen(state);
        expect(open.isNegative()).toBe(false);
        expect(open.lessThanOrEqual(total)).toBe(true);

        const amountsOf = (type: InvoiceEvent['type']) =>
          events.flatMap((e) => {
            if (e.type !== type) return [];
            if (e.type === 'PaymentAllocationApplied') return [e.data.amountApplied];
            if (e.type === 'PaymentAllocationReversed') return [e.data.amountReversed];
            if (e.type === 'CreditNoteIssued' || e.type === 'InvoiceWrittenOff')
              return [e.data.amount];
            return [];
          });
        const recomputed = total
          .subtract(sum(amountsOf('PaymentAllocationApplied')))
          .add(sum(amountsOf('PaymentAllocationReversed')))
          .subtract(sum(amountsOf('CreditNoteIssued')))
          .subtract(sum(amountsOf('InvoiceWrittenOff')));
        expect(recomputed.amount).toBe(open.amount);

        if (state.status !== 'voided') {
          const closed = ['paid', 'credited', 'written_off'].includes(state.status);
          expect(closed).toBe(open.isZero());
        }
      }),
      { numRuns: 300 },
    );
  });
});
