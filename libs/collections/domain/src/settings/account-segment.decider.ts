import type { CollectionsAccountEvent, WriteOffCounted } from '@billing/contracts';
import type { CountedWriteOff } from '../write-off/write-off-limits';
import type { Decider } from '@billing/kernel';
import { SEGMENT_PATTERN, SEGMENT_RULE, defaultDunningPolicy } from '../dunning/dunning-policy';
import { invalid } from '../shared/money-input';

type Command<Type extends string, Data> = { type: Type; data: Data };

export type AssignAccountSegment = Command<
  'AssignAccountSegment',
  { billingAccountId: string; segment: string; assignedBy: string; assignedAt: string }
>;

/** Counts a write-off request toward the account's limits; appended with the request itself. */
export type CountWriteOff = Command<'CountWriteOff', WriteOffCounted>;

export type CollectionsAccountCommand = AssignAccountSegment | CountWriteOff;

export interface CollectionsAccountState {
  /** The segment whose dunning policy applies; `standard` until one is assigned. */
  segment: string;
  /** Every write-off request counted on the account, oldest first. */
  writeOffs: CountedWriteOff[];
}

/** Collections' own facts about a billing account (stream `collectionsaccount-<id>`). */
export const collectionsAccountDecider: Decider<
  CollectionsAccountState,
  CollectionsAccountCommand,
  CollectionsAccountEvent
> = {
  initialState: () => ({ segment: defaultDunningPolicy.segment, writeOffs: [] }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'AccountSegmentAssigned':
        return { ...state, segment: event.data.segment };
      case 'WriteOffCounted': {
        const { billingAccountId: _account, ...counted } = event.data;
        return { ...state, writeOffs: [...state.writeOffs, counted] };
      }
    }
  },
  decide: (command, state) => {
    if (command.type === 'CountWriteOff') {
      if (state.writeOffs.some((w) => w.writeOffId === command.data.writeOffId)) return [];
      return [{ type: 'WriteOffCounted', data: command.data }];
    }
    const { data } = command;
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
