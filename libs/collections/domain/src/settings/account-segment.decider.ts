import type { CollectionsAccountEvent } from '@billing/contracts';
import type { Decider } from '@billing/kernel';
import { SEGMENT_PATTERN, SEGMENT_RULE, defaultDunningPolicy } from '../dunning/dunning-policy';
import { invalid } from '../shared/money-input';

type Command<Type extends string, Data> = { type: Type; data: Data };

export type AssignAccountSegment = Command<
  'AssignAccountSegment',
  { billingAccountId: string; segment: string; assignedBy: string; assignedAt: string }
>;

export interface CollectionsAccountState {
  /** The segment whose dunning policy applies; `standard` until one is assigned. */
  segment: string;
}

/** Collections' own facts about a billing account (stream `collectionsaccount-<id>`). */
export const collectionsAccountDecider: Decider<
  CollectionsAccountState,
  AssignAccountSegment,
  CollectionsAccountEvent
> = {
  initialState: () => ({ segment: defaultDunningPolicy.segment }),
  evolve: (_state, event) => ({ segment: event.data.segment }),
  decide: ({ data }, state) => {
    const segment = requireSegment(data.segment);
    if (segment === state.segment) return [];
    return [
      {
        type: 'AccountSegmentAssigned',
        data: {
          billingAccountId: data.billingAccountId,
          segment,
          previousSegment: state.segment,
          assignedBy: data.assignedBy,
          assignedAt: data.assignedAt,
        },
      },
    ];
  },
};

/** A segment name, or a 422 naming `field`. */
export function requireSegment(segment: string, field = 'segment'): string {
  if (typeof segment !== 'string' || !SEGMENT_PATTERN.test(segment))
    throw invalid('INVALID_SEGMENT', field, SEGMENT_RULE);
  return segment;
}
