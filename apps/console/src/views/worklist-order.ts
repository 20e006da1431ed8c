import type { Item } from '../api/answers';
import type { WorklistAnswer } from '../api/types';
import { sumDecimals } from '../lib/decimal';

/** One account of the collections worklist, as the service answers it (see api/answers.ts). */
export type WorklistEntry = Item<WorklistAnswer['entries']>;

export type WorklistSort = 'urgency' | 'amount' | 'days';

/**
 * The server's entries filtered and re-ordered for the view. `urgency` keeps the server's order
 * (amount overdue × days overdue); ties keep it too, so the order is stable.
 */
export function sortWorklist(
  entries: readonly WorklistEntry[],
  options: { sort: WorklistSort; currency?: string | undefined; minDays: number },
): WorklistEntry[] {
  const kept = entries.filter(
    (e) =>
      (!options.currency || e.currency === options.currency) &&
      e.daysOverdueMax >= (Number.isFinite(options.minDays) ? options.minDays : 0),
  );
  if (options.sort === 'days') return [...kept].sort((a, b) => b.daysOverdueMax - a.daysOverdueMax);
  if (options.sort === 'amount')
    return [...kept].sort((a, b) => compareDecimal(b.amountOverdue, a.amountOverdue));
  return kept;
}

function compareDecimal(a: string, b: string): number {
  const difference = sumDecimals([a, b.startsWith('-') ? b.slice(1) : `-${b}`]);
  return difference.startsWith('-') ? -1 : /^[0.]+$/.test(difference) ? 0 : 1;
}
