import { DomainError, invariant, type Decider } from '@billing/kernel';
import type { DomainCommand, NumberingSeriesEvent } from '@billing/contracts';
import { isIsoDate } from '../shared/business-date';

/**
 * A gap-free numbering series (streams `invoiceseries-<series>`, `creditnoteseries-<series>`).
 *
 * Gap-free: the next sequence is the last + 1, and the handler appends with the exact expected
 * version it read, so two concurrent assignments cannot both take the same number; the loser
 * reloads and retries (bounded).
 *
 * The state is only what the next decision needs: the last assignment. It is a function of the
 * stream's last event alone (`numberingSeriesStateFrom`), so the handler loads one event, never the
 * year's series (folding the whole series made each issue O(invoices issued that year)). A retry
 * for the document that took the last number decides "nothing to do" from this state; an older
 * assignment for the same document is found by its event id, which the handler derives from the
 * document alone so that the store refuses a second number for it (see the service's numbering.ts).
 *
 * A number that was assigned but whose invoice then fails to issue would leave a gap; the handler
 * prevents it by reviewing the invoice before assigning, and re-issuing reuses the same number.
 */
export interface AssignNumberData {
  series: string;
  documentKind: 'invoice' | 'credit_note';
  documentId: string;
  billingAccountId: string;
  /** The document's issue date: numbers follow dates, so not before the last one's. */
  issueDate: string;
}

export type NumberingSeriesCommand = DomainCommand<'AssignNumber', AssignNumberData>;

export interface NumberingSeriesState {
  series: string;
  lastSequence: number;
  /** The last assignment's number and document ('' before the first). */
  lastNumber: string;
  lastDocumentId: string;
  /** The last assignment's issue date ('' before the first, or when it was not recorded). */
  lastIssueDate: string;
}

/** Six digits per year and series; beyond it the series refuses rather than changing width. */
export const sequenceMax = 999_999;

export const initialNumberingSeriesState = (): NumberingSeriesState => ({
  series: '',
  lastSequence: 0,
  lastNumber: '',
  lastDocumentId: '',
  lastIssueDate: '',
});

/** The state after a series' last event, from that event alone: equal to folding the series. */
export function numberingSeriesStateFrom(
  last: NumberingSeriesEvent | undefined,
): NumberingSeriesState {
  if (!last) return initialNumberingSeriesState();
  const d = last.data;
  return {
    series: d.series,
    lastSequence: d.sequence,
    lastNumber: d.number,
    lastDocumentId: d.documentId,
    lastIssueDate: d.issueDate ?? '',
  };
}

/** `INV-2026` + 1 -> `INV-2026-000001`. */
export function formatDocumentNumber(series: string, sequence: number): string {
  return `${series}-${String(sequence).padStart(6, '0')}`;
}

/** One series per document kind and issue year: `INV-2026`, `CN-2026`. */
export function seriesFor(documentKind: 'invoice' | 'credit_note', issueDate: string): string {
  return `${documentKind === 'invoice' ? 'INV' : 'CN'}-${issueDate.slice(0, 4)}`;
}

/** The document's number when it took the series' last one (older ones: see the handler). */
export function assignedNumber(
  state: NumberingSeriesState,
  documentId: string,
): string | undefined {
  return state.lastDocumentId !== '' && state.lastDocumentId === documentId
    ? state.lastNumber
    : undefined;
}

export function evolveNumberingSeries(
  state: NumberingSeriesState,
  event: NumberingSeriesEvent,
): NumberingSeriesState {
  const d = event.data;
  invariant(
    d.sequence === state.lastSequence + 1,
    `series ${d.series}: sequence ${d.sequence} follows ${state.lastSequence}`,
  );
  return numberingSeriesStateFrom(event);
}

export function decideNumberingSeries(
  command: NumberingSeriesCommand,
  state: NumberingSeriesState,
): NumberingSeriesEvent[] {
  const d = command.data;
  if (!/^[A-Z0-9][A-Z0-9-]{0,30}$/.test(d.series ?? '')) {
    throw new DomainError(
      'INVALID_SERIES',
      'The series must be upper-case letters, digits and hyphens',
      'invalid',
      [{ field: 'series', reason: 'must match [A-Z0-9][A-Z0-9-]{0,30}' }],
    );
  }
  if (typeof d.documentId !== 'string' || d.documentId.trim() === '') {
    throw new DomainError('INVALID_COMMAND', 'documentId is required', 'invalid', [
      { field: 'documentId', reason: 'is required' },
    ]);
  }
  if (state.series !== '' && state.series !== d.series) {
    throw new DomainError(
      'SERIES_MISMATCH',
      `This stream holds series ${state.series}`,
      'conflict',
    );
  }
  if (assignedNumber(state, d.documentId) !== undefined) return [];
  if (!isIsoDate(d.issueDate)) {
    throw new DomainError('INVALID_DATE', 'issueDate must be YYYY-MM-DD', 'invalid', [
      { field: 'issueDate', reason: 'must be a calendar date YYYY-MM-DD' },
    ]);
  }
  if (d.issueDate < state.lastIssueDate) {
    throw new DomainError(
      'ISSUE_DATE_BEFORE_SERIES',
      `${state.lastNumber} was issued on ${state.lastIssueDate}; numbers follow issue dates, so ${d.series} cannot number a document dated ${d.issueDate}`,
      'conflict',
      [{ field: 'issueDate', reason: `must not be earlier than ${state.lastIssueDate}` }],
    );
  }
  if (state.lastSequence >= sequenceMax) {
    throw new DomainError('SERIES_EXHAUSTED', `Series ${d.series} has no numbers left`, 'conflict');
  }
  const sequence = state.lastSequence + 1;
  return [
    {
      type: 'NumberAssigned',
      data: { ...d, sequence, number: formatDocumentNumber(d.series, sequence) },
    },
  ];
}

export const numberingSeriesDecider: Decider<
  NumberingSeriesState,
  NumberingSeriesCommand,
  NumberingSeriesEvent
> = {
  initialState: initialNumberingSeriesState,
  evolve: evolveNumberingSeries,
  decide: decideNumberingSeries,
};
