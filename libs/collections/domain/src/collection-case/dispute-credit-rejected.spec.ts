import { addDays } from '@billing/kernel';
import { stream } from '../shared/decider-spec';
import { chaseableAmount } from './collection-case.state';
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
      currency: 'JPY',
      amountTotal: '1000000',
      amountOpen: '1000000',
      dueDate: day(30),
      invoiceVersion: 4,
    },
  });
  return invoice;
}

const opened = (amount: string): CollectionCaseCommand => ({
  type: 'PlaceDisputeHold',
  data: { disputeId: 'd-1', amount },
});
const accepted = (amountReleased: string): CollectionCaseCommand => ({
  type: 'ReleaseDisputeHold',
  data: { disputeId: 'd-1', amountReleased },
});
const creditRejected: CollectionCaseCommand = {
  type: 'ReleaseRejectedDisputeCredit',
  data: { disputeId: 'd-1' },
};

describe('a dispute whose credit note invoicing refuses', () => {
  it('releases the accepted part it held for the credit note on a voided invoice, once', () => {
    const invoice = trackedInvoice();
    invoice.handle(opened('754890'));
    invoice.handle({
      type: 'CloseCase',
      data: { reason: 'voided', closedOn: day(35), invoiceVersion: 5 },
    });
    invoice.handle(accepted('0'));
    expect(invoice.state().holds).toEqual({ 'd-1': '754890' });

    expect(invoice.handle(creditRejected)).toEqual([
      {
        type: 'DisputeHoldReleased',
        data: {
          billingAccountId: 'acc-1',
          invoiceId: 'inv-1',
          disputeId: 'd-1',
          amountReleased: '754890',
          amountStillHeld: '0',
          reason: 'resolved',
        },
      },
    ]);
    expect(invoice.state()).toMatchObject({ status: 'closed', holds: {} });
    // Redelivered, or the dispute events delivered again: nothing is held or released again.
    expect(invoice.handle(creditRejected)).toEqual([]);
    expect(invoice.handle(opened('754890'))).toEqual([]);
    expect(invoice.handle(accepted('0'))).toEqual([]);
    expect(invoice.state().holds).toEqual({});
  });

  it('returns the accepted part to dunning when the case is still open', () => {
    const invoice = trackedInvoice();
    invoice.handle(opened('300000'));
    invoice.handle(accepted('200000'));
    expect(chaseableAmount(invoice.state()).amount).toBe('900000');
    expect(invoice.handle(creditRejected)).toMatchObject([
      { data: { amountReleased: '100000', amountStillHeld: '0', reason: 'resolved' } },
    ]);
    expect(chaseableAmount(invoice.state()).amount).toBe('1000000');
  });

  it('releases the whole hold when the rejection overtakes the acceptance, and the acceptance then releases nothing more', () => {
    const invoice = trackedInvoice();
    invoice.handle(opened('300000'));
    expect(invoice.handle(creditRejected)).toMatchObject([
      { data: { amountReleased: '300000', amountStillHeld: '0' } },
    ]);
    expect(invoice.handle(accepted('200000'))).toEqual([]);
    expect(invoice.state().holds).toEqual({});
  });

  it('remembers a rejection that overtakes the opening, so the late opening holds nothing', () => {
    const invoice = trackedInvoice();
    expect(invoice.handle(creditRejected)).toMatchObject([
      { data: { amountReleased: '0', amountStillHeld: '0', reason: 'resolved' } },
    ]);
    expect(invoice.handle(opened('300000'))).toEqual([]);
    expect(invoice.handle(accepted('200000'))).toEqual([]);
    expect(invoice.state().holds).toEqual({});
  });

  it('changes nothing once the credit note for the open part already released the dispute', () => {
    const invoice = trackedInvoice();
    invoice.handle(opened('300000'));
    invoice.handle(accepted('0'));
    invoice.handle({
      type: 'RecordOpenAmountChanged',
      data: {
        amountOpen: '900000',
        cause: 'credit_note',
        disputeId: 'd-1',
        occurredOn: day(36),
        invoiceVersion: 6,
      },
    });
    expect(invoice.state().holds).toEqual({});
    expect(invoice.handle(creditRejected)).toEqual([]);
  });

  it('ignores a rejection for an invoice collections never tracked', () => {
    const untracked = stream(collectionCaseDecider);
    expect(untracked.handle(creditRejected)).toEqual([]);
  });
});
