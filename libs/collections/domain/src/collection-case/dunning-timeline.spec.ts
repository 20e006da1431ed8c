import type { CollectionCaseEvent } from '@billing/contracts';
import { DomainError, addDays } from '@billing/kernel';
import { stream } from '../shared/decider-spec';
import { collectionCaseDecider } from './collection-case.decider';

const day = (n: number) => addDays('2026-01-01', n);

function trackedInvoice() {
  const invoice = stream(collectionCaseDecider);
  invoice.handle({
    type: 'TrackInvoice',
    data: {
      billingAccountId: 'acc-1',
      invoiceId: 'inv-1',
      invoiceNumber: 'INV-2026-0001',
      currency: 'EUR',
      amountTotal: '1000.00',
      amountOpen: '1000.00',
      dueDate: day(30),
    },
  });
  return invoice;
}

/** Runs dunning every day from `from` to `to` and lists the steps taken, by day. */
function runDaily(invoice: ReturnType<typeof trackedInvoice>, from: number, to: number) {
  const taken: Array<{ day: number; step: string; amountConcerned: string; daysOverdue: number }> =
    [];
  for (let n = from; n <= to; n++) {
    for (const event of invoice.handle({ type: 'RunDunning', data: { today: day(n) } })) {
      if (event.type === 'DunningStepTaken') {
        taken.push({
          day: n,
          step: event.data.step,
          amountConcerned: event.data.amountConcerned,
          daysOverdue: event.data.daysOverdue,
        });
      }
    }
  }
  return taken;
}

const stepsOf = (events: CollectionCaseEvent[]) =>
  events.filter((event) => event.type === 'DunningStepTaken').map((event) => event.data);

describe('dunning an unpaid invoice of 1,000.00 due on day 30', () => {
  it('reminds on day 37 and 51, calls on day 60, sends the final notice on day 75 and refers to an agency on day 90', () => {
    const invoice = trackedInvoice();
    expect(runDaily(invoice, 0, 120)).toEqual([
      { day: 37, step: 'first_reminder', amountConcerned: '1000.00', daysOverdue: 7 },
      { day: 51, step: 'second_reminder', amountConcerned: '1000.00', daysOverdue: 21 },
      { day: 60, step: 'collections_call', amountConcerned: '1000.00', daysOverdue: 30 },
      { day: 75, step: 'final_notice', amountConcerned: '1000.00', daysOverdue: 45 },
      { day: 90, step: 'agency_referral', amountConcerned: '1000.00', daysOverdue: 60 },
    ]);
  });

  it('says which invoice, channel, amount and due date the first reminder is about', () => {
    const invoice = trackedInvoice();
    expect(invoice.handle({ type: 'RunDunning', data: { today: day(37) } })).toEqual([
      {
        type: 'DunningStepTaken',
        data: {
          billingAccountId: 'acc-1',
          invoiceId: 'inv-1',
          invoiceNumber: 'INV-2026-0001',
          step: 'first_reminder',
          channels: ['email'],
          amountConcerned: '1000.00',
          currency: 'EUR',
          daysOverdue: 7,
          dueDate: '2026-01-31',
          takenOn: '2026-02-07',
        },
      },
    ]);
  });

  it('emits nothing new when run twice on the same day', () => {
    const invoice = trackedInvoice();
    expect(stepsOf(invoice.handle({ type: 'RunDunning', data: { today: day(37) } }))).toHaveLength(
      1,
    );
    expect(invoice.handle({ type: 'RunDunning', data: { today: day(37) } })).toEqual([]);
  });

  it('stops every later step once a payment on day 40 settles the invoice', () => {
    const invoice = trackedInvoice();
    const before = runDaily(invoice, 0, 39);
    invoice.handle({
      type: 'RecordOpenAmountChanged',
      data: {
        amountOpen: '0.00',
        cause: 'payment_applied',
        reference: 'pay-1',
        occurredOn: day(40),
      },
    });
    expect(before.map((taken) => taken.step)).toEqual(['first_reminder']);
    expect(runDaily(invoice, 40, 150)).toEqual([]);
  });

  it('takes only the most advanced due step after the scheduler was down, recording the others as skipped', () => {
    const invoice = trackedInvoice();
    const events = invoice.handle({ type: 'RunDunning', data: { today: day(62) } });
    expect(
      events.map((event) => [event.type, 'step' in event.data ? event.data.step : null]),
    ).toEqual([
      ['DunningStepSkipped', 'first_reminder'],
      ['DunningStepSkipped', 'second_reminder'],
      ['DunningStepTaken', 'collections_call'],
    ]);
    expect(runDaily(invoice, 62, 120).map((taken) => [taken.day, taken.step])).toEqual([
      [75, 'final_notice'],
      [90, 'agency_referral'],
    ]);
  });

  it('chases only what is not disputed, and nothing while the whole amount is on hold', () => {
    const invoice = trackedInvoice();
    invoice.handle({ type: 'PlaceDisputeHold', data: { disputeId: 'dsp-1', amount: '400.00' } });
    expect(
      stepsOf(invoice.handle({ type: 'RunDunning', data: { today: day(37) } }))[0]?.amountConcerned,
    ).toBe('600.00');

    const fullyDisputed = trackedInvoice();
    fullyDisputed.handle({
      type: 'PlaceDisputeHold',
      data: { disputeId: 'dsp-2', amount: '1000.00' },
    });
    expect(runDaily(fullyDisputed, 30, 120)).toEqual([]);
  });

  it('returns a rejected dispute to dunning, and keeps an accepted part on hold until its credit note', () => {
    const invoice = trackedInvoice();
    invoice.handle({ type: 'PlaceDisputeHold', data: { disputeId: 'dsp-1', amount: '1000.00' } });
    expect(runDaily(invoice, 30, 40)).toEqual([]);
    // Accepted 300.00 of 1,000.00: 700.00 released, 300.00 waits for the credit note.
    invoice.handle({
      type: 'ReleaseDisputeHold',
      data: { disputeId: 'dsp-1', amountReleased: '700.00' },
    });
    expect(
      stepsOf(invoice.handle({ type: 'RunDunning', data: { today: day(41) } }))[0]?.amountConcerned,
    ).toBe('700.00');
    const credited = invoice.handle({
      type: 'RecordOpenAmountChanged',
      data: { amountOpen: '700.00', cause: 'credit_note', disputeId: 'dsp-1', occurredOn: day(45) },
    });
    expect(credited.map((event) => event.type)).toEqual([
      'OpenAmountChanged',
      'DisputeHoldReleased',
    ]);
    expect(invoice.state().holds).toEqual({});
    expect(
      stepsOf(invoice.handle({ type: 'RunDunning', data: { today: day(51) } }))[0]?.amountConcerned,
    ).toBe('700.00');
  });

  it('does nothing for a voided invoice', () => {
    const invoice = trackedInvoice();
    invoice.handle({ type: 'CloseCase', data: { reason: 'voided', closedOn: day(35) } });
    expect(runDaily(invoice, 30, 120)).toEqual([]);
  });

  it('refuses commands for an invoice it does not track', () => {
    const untracked = stream(collectionCaseDecider);
    expect(() => untracked.handle({ type: 'RunDunning', data: { today: day(37) } })).toThrow(
      expect.objectContaining({ code: 'CASE_NOT_TRACKED', kind: 'conflict' }),
    );
  });

  it('ignores a repeated InvoiceIssued and refuses a malformed due date with its field', () => {
    const invoice = trackedInvoice();
    expect(
      invoice.handle({
        type: 'TrackInvoice',
        data: {
          billingAccountId: 'acc-1',
          invoiceId: 'inv-1',
          invoiceNumber: 'X',
          currency: 'EUR',
          amountTotal: '1.00',
          amountOpen: '1.00',
          dueDate: day(1),
        },
      }),
    ).toEqual([]);
    const error = (() => {
      try {
        stream(collectionCaseDecider).handle({
          type: 'TrackInvoice',
          data: {
            billingAccountId: 'a',
            invoiceId: 'i',
            invoiceNumber: 'N',
            currency: 'EUR',
            amountTotal: '1.00',
            amountOpen: '1.00',
            dueDate: '2026-02-30',
          },
        });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).problems).toEqual([
      { field: 'dueDate', reason: 'must be a calendar date YYYY-MM-DD' },
    ]);
  });
});
