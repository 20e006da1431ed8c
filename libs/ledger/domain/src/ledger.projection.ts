import type { Projection } from './shared/projection';
import type { LedgerEvent } from './shared/ledger-event';
import { auditTrailProjection, type AuditTrailState } from './audit-trail/audit-trail.projection';
import { balancesProjection } from './balances/balances.projection';
import type { BalancesState } from './balances/balances.state';
import { journalProjection, type JournalState } from './journal/journal.projection';
import {
  disputeActivityProjection,
  type DisputeActivityState,
} from './metrics/dispute-activity.projection';
import { statementProjection, type StatementState } from './statement/statement.projection';

/** Every ledger read model, folded together from the same events. */
export interface LedgerState {
  journal: JournalState;
  balances: BalancesState;
  statement: StatementState;
  auditTrail: AuditTrailState;
  disputes: DisputeActivityState;
}

const parts = {
  journal: journalProjection,
  balances: balancesProjection,
  statement: statementProjection,
  auditTrail: auditTrailProjection,
  disputes: disputeActivityProjection,
} satisfies { [K in keyof LedgerState]: Projection<LedgerState[K]> };

type Keys = keyof LedgerState;
const keys = Object.keys(parts) as Keys[];

function eachPart(
  state: LedgerState,
  step: <K extends Keys>(
    key: K,
    projection: Projection<LedgerState[K]>,
    partState: LedgerState[K],
  ) => LedgerState[K],
): LedgerState {
  const next = {} as LedgerState;
  for (const key of keys) {
    (next as Record<Keys, unknown>)[key] = step(
      key,
      parts[key] as Projection<LedgerState[typeof key]>,
      state[key],
    );
  }
  return next;
}

/** All read models as one projection, e.g. for a full rebuild and its checksum. */
export const ledgerProjection: Projection<LedgerState> = {
  name: 'ledger',
  initial: () => ({
    journal: journalProjection.initial(),
    balances: balancesProjection.initial(),
    statement: statementProjection.initial(),
    auditTrail: auditTrailProjection.initial(),
    disputes: disputeActivityProjection.initial(),
  }),
  apply: (state: LedgerState, event: LedgerEvent) =>
    eachPart(state, (_key, projection, part) => projection.apply(part, event)),
  fold: (state: LedgerState, events: Iterable<LedgerEvent>) => {
    const list = [...events];
    return eachPart(state, (_key, projection, part) => projection.fold(part, list));
  },
  foldInto: (draft: LedgerState, events: Iterable<LedgerEvent>) => {
    const list = [...events];
    for (const key of keys) {
      (parts[key] as Projection<LedgerState[typeof key]>).foldInto(draft[key], list);
    }
  },
};
