import type { ChargebackReceived, DisputeEvent } from '@billing/contracts';
import { given, stream } from '@billing/kernel/testing';
import { disputedInvoice } from '../shared/disputed-invoice.fixture';
import { chargebackToOpenDispute } from './chargeback-to-open-dispute';
import type { OpenDispute } from './dispute.commands';
import { disputeDecider } from './dispute.decider';

const invoice = disputedInvoice;

const openDispute = (overrides: Partial<OpenDispute['data']> = {}): OpenDispute => ({
  type: 'OpenDispute',
  data: {
    disputeId: 'dsp-1',
    invoiceId: 'inv-1',
    billingAccountId: 'acc-1',
    scope: 'amount',
    amount: '400.00',
    currency: 'EUR',
    invoice: invoice(),
    reasonCategory: 'pricing_error',
    customerStatement: 'We were billed the list price, not our contract price.',
    openedAt: '2026-01-02T10:00:00.000Z',
    openedBy: 'coordinator-3',
    source: 'manual',
    ...overrides,
  },
});

function problemsOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('dispute', () => {
  it('opens with the amount to hold and a resolution due date ten business days later', () => {
    expect(given(disputeDecider).when(openDispute())).toEqual([
      {
        type: 'DisputeOpened',
        data: {
          billingAccountId: 'acc-1',
          disputeId: 'dsp-1',
          invoiceId: 'inv-1',
          scope: 'amount',
          amount: '400.00',
          currency: 'EUR',
          reasonCategory: 'pricing_error',
          customerStatement: 'We were billed the list price, not our contract price.',
          openedAt: '2026-01-02T10:00:00.000Z',
          openedBy: 'coordinator-3',
          source: 'manual',
          resolutionDueDate: '2026-01-16',
        },
      },
    ]);
  });

  it('refuses an amount above the invoice open amount, or zero, naming the field', () => {
    expect(
      problemsOf(() => given(disputeDecider).when(openDispute({ amount: '1000.01' }))),
    ).toMatchObject({
      kind: 'invalid',
      problems: [{ field: 'amount', reason: "must not exceed the invoice's open amount 1000.00" }],
    });
    expect(
      problemsOf(() => given(disputeDecider).when(openDispute({ amount: '0.00' }))),
    ).toMatchObject({
      problems: [{ field: 'amount', reason: 'must be greater than zero' }],
    });
  });

  it('lists every problem at once: lines without line ids, a chargeback without its reference, an empty statement', () => {
    const error = problemsOf(() =>
      given(disputeDecider).when(
        openDispute({ scope: 'lines', source: 'chargeback', customerStatement: '  ' }),
      ),
    ) as { problems: Array<{ field: string }> };
    expect(error.problems.map((problem) => problem.field).sort()).toEqual([
      'chargebackReference',
      'customerStatement',
      'lineIds',
    ]);
  });

  it('is worked on, escalated once past its due date, and accepted in part', () => {
    const dispute = stream(disputeDecider);
    dispute.handle(openDispute());
    dispute.handle({
      type: 'AssignDispute',
      data: { owner: 'sam', department: 'sales', assignedBy: 'lead-1', at: '2026-01-02T11:00:00Z' },
    });
    dispute.handle({
      type: 'AddEvidence',
      data: {
        reference: 'doc://contracts/acme-2026.pdf',
        addedBy: 'sam',
        at: '2026-01-05T09:00:00Z',
      },
    });
    expect(
      dispute.handle({
        type: 'AddEvidence',
        data: {
          reference: 'doc://contracts/acme-2026.pdf',
          addedBy: 'sam',
          at: '2026-01-05T09:01:00Z',
        },
      }),
    ).toEqual([]);
    dispute.handle({
      type: 'LogCustomerCommunication',
      data: {
        channel: 'phone',
        summary: 'Confirmed contract price 60.00/unit',
        at: '2026-01-06T14:00:00Z',
        loggedBy: 'sam',
      },
    });
    dispute.handle({
      type: 'AddDisputeNote',
      data: {
        text: 'Price list not updated after renewal',
        author: 'sam',
        at: '2026-01-07T08:00:00Z',
      },
    });

    expect(dispute.handle({ type: 'CheckDisputeSla', data: { today: '2026-01-16' } })).toEqual([]);
    expect(dispute.handle({ type: 'CheckDisputeSla', data: { today: '2026-01-19' } })).toEqual([
      {
        type: 'DisputeEscalated',
        data: {
          billingAccountId: 'acc-1',
          disputeId: 'dsp-1',
          escalatedTo: 'billing-manager',
          resolutionDueDate: '2026-01-16',
          daysPastDue: 3,
          owner: 'sam',
          escalatedOn: '2026-01-19',
        },
      },
    ]);
    expect(dispute.handle({ type: 'CheckDisputeSla', data: { today: '2026-01-20' } })).toEqual([]);

    expect(
      dispute.handle({
        type: 'ResolveDispute',
        data: {
          outcome: 'accepted_partial',
          acceptedAmount: '150.00',
          resolvedBy: 'sam',
          resolvedAt: '2026-01-20T10:00:00Z',
        },
      }),
    ).toEqual([
      {
        type: 'DisputeAccepted',
        data: {
          billingAccountId: 'acc-1',
          disputeId: 'dsp-1',
          invoiceId: 'inv-1',
          outcome: 'accepted_partial',
          currency: 'EUR',
          acceptedAmount: '150.00',
          releasedAmount: '250.00',
          resolvedBy: 'sam',
          resolvedAt: '2026-01-20T10:00:00Z',
        },
      },
    ]);
    expect(() =>
      dispute.handle({
        type: 'ResolveDispute',
        data: { outcome: 'withdrawn', resolvedBy: 'sam', resolvedAt: '2026-01-21T10:00:00Z' },
      }),
    ).toThrow(expect.objectContaining({ code: 'DISPUTE_ALREADY_RESOLVED', kind: 'conflict' }));
  });

  it('accepts in full, releasing nothing', () => {
    const events = given(disputeDecider, given(disputeDecider).when(openDispute())).when({
      type: 'ResolveDispute',
      data: { outcome: 'accepted_full', resolvedBy: 'sam', resolvedAt: '2026-01-05T10:00:00Z' },
    });
    expect(events[0]).toMatchObject({ data: { acceptedAmount: '400.00', releasedAmount: '0.00' } });
  });

  it('refuses a partial acceptance above the disputed amount, and a rejection without explanation', () => {
    const opened = given(disputeDecider).when(openDispute());
    expect(
      problemsOf(() =>
        given(disputeDecider, opened).when({
          type: 'ResolveDispute',
          data: {
            outcome: 'accepted_partial',
            acceptedAmount: '400.01',
            resolvedBy: 's',
            resolvedAt: '2026-01-05T10:00:00Z',
          },
        }),
      ),
    ).toMatchObject({ code: 'ACCEPTED_EXCEEDS_DISPUTED', problems: [{ field: 'acceptedAmount' }] });
    expect(
      problemsOf(() =>
        given(disputeDecider, opened).when({
          type: 'ResolveDispute',
          data: {
            outcome: 'rejected',
            explanation: ' ',
            resolvedBy: 's',
            resolvedAt: '2026-01-05T10:00:00Z',
          },
        }),
      ),
    ).toMatchObject({ code: 'EXPLANATION_REQUIRED', problems: [{ field: 'explanation' }] });
  });

  it('lifts the whole hold when rejected with an explanation or withdrawn', () => {
    const opened = given(disputeDecider).when(openDispute());
    expect(
      given(disputeDecider, opened).when({
        type: 'ResolveDispute',
        data: {
          outcome: 'rejected',
          explanation: 'Contract price applies from March',
          resolvedBy: 's',
          resolvedAt: '2026-01-05T10:00:00Z',
        },
      }),
    ).toEqual([
      expect.objectContaining({
        type: 'DisputeRejected',
        data: expect.objectContaining({
          releasedAmount: '400.00',
          explanation: 'Contract price applies from March',
        }),
      }),
    ]);
    expect(
      given(disputeDecider, opened).when({
        type: 'ResolveDispute',
        data: { outcome: 'withdrawn', resolvedBy: 's', resolvedAt: '2026-01-05T10:00:00Z' },
      }),
    ).toEqual([
      expect.objectContaining({
        type: 'DisputeWithdrawn',
        data: expect.objectContaining({ releasedAmount: '400.00' }),
      }),
    ]);
  });
});

describe('chargeback to dispute', () => {
  const chargeback: ChargebackReceived = {
    billingAccountId: 'acc-1',
    paymentId: 'pay-9',
    chargebackId: 'cb-1',
    chargebackReference: 'VISA-77812',
    invoiceId: 'inv-1',
    amount: '250.00',
    currency: 'EUR',
    reasonCode: '10.4',
    reasonDescription: 'Other fraud, card-absent environment',
    receivedAt: '2026-02-03T08:00:00.000Z',
  };

  it('opens a chargeback dispute for the charged-back amount, once however often it is delivered', () => {
    const command = chargebackToOpenDispute(chargeback, {
      disputeId: 'dsp-cb-1',
      invoice: invoice({ total: '250.00', amountOpen: '0.00', lines: [] }),
    });
    const dispute = stream(disputeDecider);
    const [opened] = dispute.handle(command) as [Extract<DisputeEvent, { type: 'DisputeOpened' }>];
    expect(opened.data).toMatchObject({
      source: 'chargeback',
      chargebackReference: 'VISA-77812',
      reasonCategory: 'unauthorised_charge',
      amount: '250.00',
      scope: 'amount',
      customerStatement:
        'Chargeback VISA-77812 on payment pay-9, reason code 10.4: Other fraud, card-absent environment',
      resolutionDueDate: '2026-02-17',
    });
    expect(dispute.handle(command)).toEqual([]);
  });

  it('maps network reason codes to categories, unknown ones to other', () => {
    const categoryOf = (reasonCode: string) =>
      chargebackToOpenDispute({ ...chargeback, reasonCode }, { disputeId: 'd' }).data
        .reasonCategory;
    expect(['13.1', '12.6.1', '13.3', '4853', '4837', '12.5', '99'].map(categoryOf)).toEqual([
      'service_not_received',
      'duplicate_charge',
      'quality',
      'quality',
      'unauthorised_charge',
      'pricing_error',
      'other',
    ]);
  });
});
