import type { AccountAging, AccountReplay } from '../api/types';
import { bucketNames } from '../api/types';
import { sumDecimals } from '../lib/decimal';
import type { EvidenceRow } from './evidence';

export interface Comparison {
  currency: string;
  before: string;
  after: string;
  change: string;
  /** Every movement recorded between the two moments, with the event behind it. */
  rows: EvidenceRow[];
  opened: string[];
  closed: string[];
  agingMoves: Array<{ bucket: string; before: string; after: string }>;
  /** Collections events between the two moments (reminders, promises, plans, cases). */
  dunning: Array<{ position: number; type: string; occurredAt: string }>;
}

/**
 * Two moments of one account, both replayed by the server: the change in open receivable broken
 * down by the events recorded between them, invoices opened and closed, aging bucket moves and
 * the collections events in between. Only the server's figures are subtracted here.
 */
export function compareMoments(
  currency: string,
  before: { replay: AccountReplay; aging: AccountAging },
  after: { replay: AccountReplay; aging: AccountAging },
): Comparison {
  const from = before.replay.computedAt.position;
  const to = after.replay.computedAt.position;
  const open = (r: AccountReplay) =>
    r.balances.find((b) => b.currency === currency)?.openReceivable ?? '0.00';
  const events = new Map(after.replay.timeline.map((e) => [e.eventId, e]));
  const rows = after.replay.invoices
    .filter((i) => i.currency === currency)
    .flatMap((i) =>
      i.movements
        .filter((m) => m.globalPosition > from && m.globalPosition <= to)
        .map((m) => ({ ...m, invoiceNumber: i.number, event: events.get(m.eventId) })),
    )
    .sort((a, b) => a.globalPosition - b.globalPosition);
  return {
    currency,
    before: open(before.replay),
    after: open(after.replay),
    change: sumDecimals([open(after.replay), negate(open(before.replay))]),
    rows,
    ...openedAndClosed(before.replay, after.replay),
    agingMoves: agingMoves(currency, before.aging, after.aging),
    dunning: after.replay.timeline
      .filter(
        (e) => e.service === 'collections' && e.globalPosition > from && e.globalPosition <= to,
      )
      .map((e) => ({ position: e.globalPosition, type: e.type, occurredAt: e.occurredAt })),
  };
}

function openedAndClosed(before: AccountReplay, after: AccountReplay) {
  const openThen = new Set(
    before.invoices.filter((i) => Number(i.amountOpen) !== 0).map((i) => i.invoiceId),
  );
  const known = new Set(before.invoices.map((i) => i.invoiceId));
  const label = (i: AccountReplay['invoices'][number]) => i.number ?? i.invoiceId;
  return {
    opened: after.invoices.filter((i) => !known.has(i.invoiceId) && i.number !== null).map(label),
    closed: after.invoices
      .filter((i) => openThen.has(i.invoiceId) && Number(i.amountOpen) === 0)
      .map(label),
  };
}

function agingMoves(currency: string, before: AccountAging, after: AccountAging) {
  const of = (a: AccountAging) => a.accounts.find((x) => x.currency === currency)?.buckets;
  return bucketNames.map((bucket) => ({
    bucket,
    before: of(before)?.[bucket] ?? '0.00',
    after: of(after)?.[bucket] ?? '0.00',
  }));
}

function negate(value: string): string {
  return value.startsWith('-') ? value.slice(1) : `-${value}`;
}
