import type { AccountAging, AccountReplay, Movement, TimelineEvent } from '../api/types';

/** One event behind a figure: the amount it moved and who did it, when and under which command. */
export interface EvidenceRow extends Movement {
  invoiceNumber: string | null;
  event: TimelineEvent | undefined;
}

export interface Evidence {
  label: string;
  figure: string;
  rows: EvidenceRow[];
}

/**
 * The events behind a figure the server computed, named by a key kept in the URL:
 * `open:<currency>` (open receivable), `invoice:<id>` (an invoice's amount open) or
 * `bucket:<currency>:<bucket>` (an aging bucket). The rows are the server's own movements of the
 * invoices concerned; only their sum is taken here, to show it equals the figure.
 */
export function evidenceFor(
  key: string,
  replay: AccountReplay,
  aging: AccountAging | undefined,
): Evidence | undefined {
  const [kind, first = '', second = ''] = key.split(':');
  if (kind === 'open') return openEvidence(replay, first);
  if (kind === 'invoice') return invoiceEvidence(replay, first);
  if (kind === 'bucket' && aging) return bucketEvidence(replay, aging, first, second);
  return undefined;
}

function openEvidence(replay: AccountReplay, currency: string): Evidence | undefined {
  const balance = replay.balances.find((b) => b.currency === currency);
  if (!balance) return undefined;
  const invoices = replay.invoices.filter((i) => i.currency === currency);
  return {
    label: `Open receivable (${currency})`,
    figure: balance.openReceivable,
    rows: rowsOf(replay, invoices, () => true),
  };
}

function invoiceEvidence(replay: AccountReplay, invoiceId: string): Evidence | undefined {
  const invoice = replay.invoices.find((i) => i.invoiceId === invoiceId);
  if (!invoice) return undefined;
  return {
    label: `Amount open of invoice ${invoice.number ?? invoice.invoiceId}`,
    figure: invoice.amountOpen,
    rows: rowsOf(replay, [invoice], () => true),
  };
}

function bucketEvidence(
  replay: AccountReplay,
  aging: AccountAging,
  currency: string,
  bucket: string,
): Evidence | undefined {
  const account = aging.accounts.find((a) => a.currency === currency);
  const figure = account?.buckets[bucket as keyof typeof account.buckets];
  if (!account || figure === undefined) return undefined;
  const ids = new Set(account.invoices.filter((i) => i.bucket === bucket).map((i) => i.invoiceId));
  const invoices = replay.invoices.filter((i) => ids.has(i.invoiceId));
  // Aging is at a business date: movements dated after it are not part of the figure yet.
  const byDate = (m: Movement) => m.businessDate <= aging.asOf;
  return {
    label: `Aging ${bucketLabel(bucket)} (${currency}) at ${aging.asOf}`,
    figure,
    rows: rowsOf(replay, invoices, byDate),
  };
}

function rowsOf(
  replay: AccountReplay,
  invoices: AccountReplay['invoices'],
  keep: (m: Movement) => boolean,
): EvidenceRow[] {
  const events = new Map(replay.timeline.map((e) => [e.eventId, e]));
  return invoices
    .flatMap((invoice) =>
      invoice.movements
        .filter(keep)
        .map((m) => ({ ...m, invoiceNumber: invoice.number, event: events.get(m.eventId) })),
    )
    .sort((a, b) => a.globalPosition - b.globalPosition);
}

export function bucketLabel(bucket: string): string {
  const labels: Record<string, string> = {
    current: 'current',
    days1To30: '1–30 days',
    days31To60: '31–60 days',
    days61To90: '61–90 days',
    over90: 'over 90 days',
  };
  return labels[bucket] ?? bucket;
}
