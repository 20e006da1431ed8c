import { given, stream } from '../shared/decider-spec';
import { validateDunningPolicy } from '../dunning/dunning-policy';
import { collectionsAccountDecider } from './account-segment.decider';

const assign = (segment: string) =>
  ({
    type: 'AssignAccountSegment',
    data: {
      billingAccountId: 'acc-1',
      segment,
      assignedBy: 'mgr',
      assignedAt: '2026-03-01T09:00:00Z',
    },
  }) as const;

describe('account segment', () => {
  it('starts in the standard segment, moves once, and ignores the same assignment again', () => {
    const account = stream(collectionsAccountDecider);
    expect(account.state().segment).toBe('standard');
    expect(account.handle(assign('enterprise'))).toEqual([
      {
        type: 'AccountSegmentAssigned',
        data: {
          billingAccountId: 'acc-1',
          segment: 'enterprise',
          previousSegment: 'standard',
          assignedBy: 'mgr',
          assignedAt: '2026-03-01T09:00:00Z',
        },
      },
    ]);
    expect(account.handle(assign('enterprise'))).toEqual([]);
  });

  it('refuses a segment name that is not lowercase letters, digits, _ or -, naming the field', () => {
    expect(() => given(collectionsAccountDecider).when(assign('Big Accounts'))).toThrow(
      expect.objectContaining({
        code: 'INVALID_SEGMENT',
        problems: [expect.objectContaining({ field: 'segment' })],
      }),
    );
  });
});

describe('dunning policy validation', () => {
  it('names an unknown step or channel', () => {
    expect(() =>
      validateDunningPolicy({
        segment: 's',
        steps: [
          { step: 'polite_nudge' as never, daysAfterDue: 3, channels: ['email'] },
          { step: 'final_notice', daysAfterDue: 10, channels: ['fax' as never] },
        ],
      }),
    ).toThrow(
      expect.objectContaining({
        problems: [
          { field: 'steps[0].step', reason: expect.stringContaining('must be one of') },
          { field: 'steps[1].channels', reason: expect.stringContaining('must each be one of') },
        ],
      }),
    );
  });
});
