import fc from 'fast-check';
import type { InvoiceEvent } from '@billing/contracts';
import { fold } from '@billing/kernel';
import { issuedInvoiceEvents, line } from '../../testing/fixtures';
import type { InvoiceCommand } from './invoice.commands';
import { invoiceDecider } from './invoice.decider';

/** A 1,200.00 invoice (1000.00 at 20 %). */
const issued = () =>
  fold(invoiceDecider, issuedInvoiceEvents('inv-1', [line()], 'INV-2026-000001', '2026-01-05'));

const credit = (amount: string, threshold = '500.00'): InvoiceCommand => ({
  type: 'IssueCreditNote',
  data: {
    invoiceId: 'inv-1',
    creditNoteId: 'cn-1',
    number: 'PENDING',
    issueDate: '2026-02-01',
    scope: { kind: 'amount', amount },
    reason: 'goodwill',
    approval: { threshold, requestedBy: 'manager-1', requestedAt: '2026-02-01T10:00:00Z' },
  },
});

const approve = (approvedBy: string, roles = ['billing-manager']): InvoiceCommand => ({
  type: 'ApproveCreditNote',
  data: {
    invoiceId: 'inv-1',
    creditNoteId: 'cn-1',
    approvedBy,
    approverRoles: roles,
    approvedAt: '2026-02-02T10:00:00Z',
    number: 'CN-2026-000001',
    issueDate: '2026-02-02',
  },
});

const types = (events: InvoiceEvent[]) => events.map((e) => e.type);

describe('credit notes above the approval threshold (maker-checker)', () => {
  it('records one above the threshold pending: no number, nothing credited', () => {
    const state = issued();
    const events = invoiceDecider.decide(credit('500.01'), state);
    expect(types(events)).toEqual(['CreditNoteRequested']);
    const after = events.reduce(invoiceDecider.evolve, state);
    expect(after.credited?.amount).toBe('0.00');
    expect(Object.keys(after.pendingCreditNotes)).toEqual(['cn-1']);
    // The same request again records nothing more.
    expect(invoiceDecider.decide(credit('500.01'), after)).toEqual([]);
  });

  it('issues one at the threshold at once', () => {
    expect(types(invoiceDecider.decide(credit('500.00'), issued()))).toEqual(['CreditNoteIssued']);
  });

  it('is approved only by another billing manager, then issued with its number in the same decision', () => {
    const pending = invoiceDecider
      .decide(credit('600.00'), issued())
      .reduce(invoiceDecider.evolve, issued());
    expect(() => invoiceDecider.decide(approve('manager-1'), pending)).toThrow(
      expect.objectContaining({ code: 'SELF_APPROVAL_FORBIDDEN', kind: 'forbidden' }),
    );
    expect(() => invoiceDecider.decide(approve('clerk-1', ['billing-clerk']), pending)).toThrow(
      expect.objectContaining({ code: 'APPROVER_ROLE_REQUIRED' }),
    );
    const events = invoiceDecider.decide(approve('manager-2'), pending);
    expect(types(events)).toEqual(['CreditNoteApproved', 'CreditNoteIssued']);
    expect(events[1]).toMatchObject({ data: { number: 'CN-2026-000001', amount: '600.00' } });
    const after = events.reduce(invoiceDecider.evolve, pending);
    expect(after.pendingCreditNotes).toEqual({});
    expect(() => invoiceDecider.decide(approve('manager-2'), after)).toThrow(
      expect.objectContaining({ code: 'CREDIT_NOTE_ALREADY_DECIDED' }),
    );
  });

  it('property: nothing above the threshold is ever credited without a second manager', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 120_000 }),
        fc.integer({ min: 0, max: 120_000 }),
        (creditCents, thresholdCents) => {
          const amount = (creditCents / 100).toFixed(2);
          const threshold = (thresholdCents / 100).toFixed(2);
          const events = invoiceDecider.decide(credit(amount, threshold), issued());
          const issuedAtOnce = events.some((e) => e.type === 'CreditNoteIssued');
          return issuedAtOnce === creditCents <= thresholdCents;
        },
      ),
    );
  });
});
