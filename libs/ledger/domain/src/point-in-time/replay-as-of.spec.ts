import { serialize } from '../shared/canonical-json';
import { foldAll } from '../shared/projection';
import { issueScenario } from '../../testing/issue-scenario';
import { balancesProjection } from '../balances/balances.projection';
import { accountBalances } from '../balances/balances.query';
import { journalProjection } from '../journal/journal.projection';
import { trialBalance } from '../journal/journal.query';
import { ledgerProjection } from '../ledger.projection';
import type { LedgerEvent } from '../shared/ledger-event';
import { replayAsOf } from './replay-as-of';

describe('point in time', () => {
  it('shows the account as it stood before the payment bounced, by position or by commit time', () => {
    const { sim, account, positionBeforeReversal, recordedBeforeReversal } = issueScenario();
    const byPosition = replayAsOf(balancesProjection, sim.events, {
      position: positionBeforeReversal,
    });
    const byTime = replayAsOf(balancesProjection, sim.events, {
      recordedAt: recordedBeforeReversal,
    });
    expect(accountBalances(byPosition, account)[0]).toMatchObject({
      openReceivable: '0.00',
      unappliedCredit: '74.75',
      balanceDue: '-74.75',
    });
    expect(serialize(byTime)).toBe(serialize(byPosition));
    expect(
      accountBalances(foldAll(balancesProjection, sim.events), account)[0]?.openReceivable,
    ).toBe('2225.25');
  });

  it('gives the initial state before the first event and the full state after the last', () => {
    const { sim } = issueScenario();
    expect(replayAsOf(journalProjection, sim.events, { position: 0 })).toEqual(
      journalProjection.initial(),
    );
    expect(
      serialize(replayAsOf(ledgerProjection, sim.events, { position: Number.MAX_SAFE_INTEGER })),
    ).toBe(serialize(foldAll(ledgerProjection, sim.events)));
  });

  it('compares commit times as instants, whatever their zone offset', () => {
    const { sim } = issueScenario();
    const first = sim.events[0] as LedgerEvent; // 2026-03-01T08:00:01Z
    expect(
      replayAsOf(journalProjection, sim.events, {
        recordedAt: '2026-03-01T09:00:01+01:00',
      }).entries.map((e) => e.eventId),
    ).toEqual([first.eventId]);
    expect(() => replayAsOf(journalProjection, sim.events, { recordedAt: 'yesterday' })).toThrow(
      /ISO-8601/,
    );
  });

  it('folds events whose positions overtake each other in the safe order (filter, not a cut at the first larger one)', () => {
    const { sim } = issueScenario();
    const [a, b, ...rest] = sim.events as [LedgerEvent, LedgerEvent, ...LedgerEvent[]];
    // The store's safe order is (transaction, position): a later position may be delivered first.
    const delivered = [b, a, ...rest];
    const state = replayAsOf(journalProjection, delivered, { position: 2 });
    expect(state.entries.map((e) => e.globalPosition)).toEqual([2, 1]);
    expect(trialBalance(state)[0]?.debitTotal).toBe('2000.00');
  });
});
