import { fold } from '@billing/kernel';
import type { DisputeEvent } from '@billing/contracts';
import { disputeDecider } from '../dispute/dispute.decider';
import { disputeTimeline } from './dispute-timeline.query';
import { openDisputesByAge, openDisputesByAgeAndOwner } from './open-disputes.query';

function opened(disputeId: string, openedAt: string, more: DisputeEvent[] = []) {
  return fold(disputeDecider, [
    {
      type: 'DisputeOpened',
      data: {
        billingAccountId: 'acc-1',
        disputeId,
        invoiceId: `inv-${disputeId}`,
        scope: 'amount',
        amount: '10.00',
        currency: 'EUR',
        reasonCategory: 'quality',
        customerStatement: 's',
        openedAt,
        openedBy: 'c',
        source: 'manual',
        resolutionDueDate: '2026-01-16',
      },
    },
    ...more,
  ]);
}
const assigned = (disputeId: string, owner: string, at: string): DisputeEvent => ({
  type: 'DisputeAssigned',
  data: {
    billingAccountId: 'acc-1',
    disputeId,
    owner,
    department: 'operations',
    assignedBy: 'lead',
    assignedAt: at,
  },
});

describe('dispute queries', () => {
  it('lists open disputes by owner, unassigned first, oldest first, leaving resolved ones out', () => {
    const resolved = opened('d5', '2025-12-01T09:00:00Z', [
      {
        type: 'DisputeWithdrawn',
        data: {
          billingAccountId: 'acc-1',
          disputeId: 'd5',
          invoiceId: 'inv-d5',
          currency: 'EUR',
          releasedAmount: '10.00',
          resolvedBy: 'c',
          resolvedAt: '2025-12-02T09:00:00Z',
        },
      },
    ]);
    const result = openDisputesByAgeAndOwner(
      [
        opened('d1', '2026-01-10T09:00:00Z', [assigned('d1', 'kim', '2026-01-10T10:00:00Z')]),
        opened('d2', '2026-01-02T09:00:00Z', [assigned('d2', 'kim', '2026-01-02T10:00:00Z')]),
        opened('d3', '2026-01-15T09:00:00Z'),
        opened('d4', '2025-12-20T09:00:00Z', [assigned('d4', 'lee', '2025-12-20T10:00:00Z')]),
        resolved,
      ],
      '2026-01-20',
    );
    expect(
      result.map((group) => [
        group.owner,
        group.disputes.map((row) => [row.disputeId, row.ageDays, row.ageBucket, row.overdue]),
      ]),
    ).toEqual([
      [null, [['d3', 5, '0-7', true]]],
      ['lee', [['d4', 31, '31+', true]]],
      [
        'kim',
        [
          ['d2', 18, '15-30', true],
          ['d1', 10, '8-14', true],
        ],
      ],
    ]);
  });

  it('gives a dispute full timeline in the order things happened', () => {
    const state = opened('d1', '2026-01-02T09:00:00Z', [
      {
        type: 'DisputeNoteAdded',
        data: {
          billingAccountId: 'acc-1',
          disputeId: 'd1',
          text: 'checked the price list',
          author: 'kim',
          addedAt: '2026-01-05T09:00:00Z',
        },
      },
      // Logged later than the note, but the call happened before it.
      {
        type: 'DisputeCustomerCommunicationLogged',
        data: {
          billingAccountId: 'acc-1',
          disputeId: 'd1',
          channel: 'phone',
          summary: 'customer sent contract',
          at: '2026-01-04T15:00:00Z',
          loggedBy: 'kim',
        },
      },
    ]);
    expect(disputeTimeline(state)).toEqual([
      {
        at: '2026-01-02T09:00:00Z',
        type: 'DisputeOpened',
        actor: 'c',
        summary: 'Opened by customer: 10.00 EUR (quality), due 2026-01-16',
      },
      {
        at: '2026-01-04T15:00:00Z',
        type: 'DisputeCustomerCommunicationLogged',
        actor: 'kim',
        summary: 'Customer contact by phone: customer sent contract',
      },
      {
        at: '2026-01-05T09:00:00Z',
        type: 'DisputeNoteAdded',
        actor: 'kim',
        summary: 'Note: checked the price list',
      },
    ]);
  });
});

describe('open disputes as one list', () => {
  it('orders every open dispute oldest first whoever owns it, and says who does', () => {
    const rows = openDisputesByAge(
      [
        opened('d1', '2026-01-10T09:00:00Z', [assigned('d1', 'kim', '2026-01-10T10:00:00Z')]),
        opened('d2', '2026-01-15T09:00:00Z'),
        opened('d3', '2026-01-02T09:00:00Z', [assigned('d3', 'lee', '2026-01-02T10:00:00Z')]),
      ],
      '2026-01-20',
    );
    expect(rows.map((row) => [row.disputeId, row.owner, row.department, row.ageDays])).toEqual([
      ['d3', 'lee', 'operations', 18],
      ['d1', 'kim', 'operations', 10],
      ['d2', null, null, 5],
    ]);
    expect(rows.map((row) => row.source)).toEqual(['manual', 'manual', 'manual']);
  });
});
