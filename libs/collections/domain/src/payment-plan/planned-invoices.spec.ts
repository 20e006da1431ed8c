import { DomainError, fold } from '@billing/kernel';
import type { CollectionCaseEvent } from '@billing/contracts';
import { collectionCaseDecider } from '../collection-case/collection-case.decider';
import type { CollectionCaseState } from '../collection-case/collection-case.state';
import type { CollectionCaseCommand } from '../collection-case/collection-case.commands';
import { plannedInvoices } from './planned-invoices';

function invoiceCase(invoiceId: string, amountOpen: string, more: CollectionCaseEvent[] = []) {
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
        dueDate: '2026-01-31',
      },
    },
    collectionCaseDecider.initialState(),
  );
  return fold(collectionCaseDecider, [...tracked, ...more]);
}

function withEvents(state: CollectionCaseState, command: CollectionCaseCommand) {
  return collectionCaseDecider.decide(command, state).reduce(collectionCaseDecider.evolve, state);
}

function refusal(act: () => unknown): DomainError {
  try {
    act();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal, the plan was accepted');
}

describe('what a new payment plan covers', () => {
  const disputed = withEvents(invoiceCase('a', '1000.00'), {
    type: 'PlaceDisputeHold',
    data: { disputeId: 'd-1', amount: '250.00' },
  });
  const plain = invoiceCase('b', '400.00');

  it('covers what is open and not disputed when no amount is asked, and sums the parts', () => {
    expect(plannedInvoices([undefined, '100'], [disputed, plain], 'EUR')).toEqual({
      invoices: [
        { invoiceId: 'a', amount: '750.00' },
        { invoiceId: 'b', amount: '100.00' },
      ],
      total: '850.00',
    });
  });

  it('refuses every bad part at once, naming each invoice', () => {
    const error = refusal(() =>
      plannedInvoices(['750.01', '0', 'x'], [disputed, plain, plain], 'EUR'),
    );
    expect(error.code).toBe('INVALID_PLAN_INVOICES');
    expect(error.problems.map((p) => [p.field, p.reason])).toEqual([
      ['invoices[0].amount', 'must not exceed the 750.00 open and not disputed on this invoice'],
      ['invoices[1].amount', 'must be greater than zero'],
      ['invoices[2].amount', expect.any(String)],
    ]);
  });

  it('refuses an invoice already under a plan, naming the plan', () => {
    const planned = withEvents(plain, {
      type: 'PlaceUnderPlan',
      data: { planId: 'plan-7', amount: '400.00' },
    });
    expect(refusal(() => plannedInvoices([undefined], [planned], 'EUR')).problems).toEqual([
      { field: 'invoices[0].invoiceId', reason: 'is already under payment plan plan-7' },
    ]);
  });
});
