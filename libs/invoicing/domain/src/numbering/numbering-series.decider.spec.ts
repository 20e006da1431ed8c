import fc from 'fast-check';
import type { NumberingSeriesEvent } from '@billing/contracts';
import { deciderSpec } from '@billing/kernel/testing';
import {
  assignedNumber,
  numberingSeriesDecider,
  numberingSeriesStateFrom,
  seriesFor,
  type NumberingSeriesCommand,
} from './numbering-series.decider';

const spec = deciderSpec(numberingSeriesDecider);
const assign = (
  documentId: string,
  series = 'INV-2026',
  issueDate = '2026-03-02',
): NumberingSeriesCommand => ({
  type: 'AssignNumber',
  data: { series, documentKind: 'invoice', documentId, billingAccountId: 'acc-acme', issueDate },
});
const assigned = (
  documentId: string,
  sequence: number,
  issueDate = '2026-03-02',
): NumberingSeriesEvent => ({
  type: 'NumberAssigned',
  data: {
    series: 'INV-2026',
    documentKind: 'invoice',
    documentId,
    billingAccountId: 'acc-acme',
    sequence,
    number: `INV-2026-${String(sequence).padStart(6, '0')}`,
    issueDate,
  },
});

describe('numbering series', () => {
  it('numbers in date order: a document dated before the last numbered one is refused', () => {
    spec
      .given([assigned('inv-1', 1, '2026-04-01')])
      .when(assign('inv-2', 'INV-2026', '2026-03-31'))
      .thenThrows({ code: 'ISSUE_DATE_BEFORE_SERIES' });
    spec
      .given([assigned('inv-1', 1, '2026-04-01')])
      .when(assign('inv-2', 'INV-2026', '2026-04-01'))
      .then([assigned('inv-2', 2, '2026-04-01')]);
  });

  it('starts at 000001 and continues last + 1, with no gaps', () => {
    spec
      .given([])
      .when(assign('inv-1'))
      .then([assigned('inv-1', 1)]);
    spec
      .given([assigned('inv-1', 1), assigned('inv-2', 2)])
      .when(assign('inv-3'))
      .then([assigned('inv-3', 3)]);
  });

  it('decides nothing for a retry by the document that took the last number, and returns it', () => {
    const given = spec.given([assigned('inv-1', 1), assigned('inv-2', 2)]);
    given.when(assign('inv-2')).then([]);
    expect(assignedNumber(given.state, 'inv-2')).toBe('INV-2026-000002');
    // An older assignment is not in the state: the handler finds it by its event id.
    expect(assignedNumber(given.state, 'inv-1')).toBeUndefined();
  });

  it('keeps a state that does not grow with the series', () => {
    const events = Array.from({ length: 5_000 }, (_, i) => assigned(`inv-${i + 1}`, i + 1));
    const state = events.reduce(
      numberingSeriesDecider.evolve,
      numberingSeriesDecider.initialState(),
    );
    expect(state).toEqual({
      series: 'INV-2026',
      lastSequence: 5_000,
      lastNumber: 'INV-2026-005000',
      lastDocumentId: 'inv-5000',
      lastIssueDate: '2026-03-02',
    });
  });

  it('loads from the last event the same state, and so the same decisions, as a full fold', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('inv-a', 'inv-b', 'inv-c', 'inv-d', 'cn-1'), { maxLength: 60 }),
        fc.constantFrom('inv-a', 'inv-b', 'inv-x', 'cn-1'),
        (documentIds, next) => {
          // Build a valid history by deciding each assignment on the fully folded state.
          let folded = numberingSeriesDecider.initialState();
          const history: NumberingSeriesEvent[] = [];
          for (const documentId of documentIds) {
            for (const event of numberingSeriesDecider.decide(assign(documentId), folded)) {
              history.push(event);
              folded = numberingSeriesDecider.evolve(folded, event);
            }
          }
          const fromLast = numberingSeriesStateFrom(history[history.length - 1]);
          expect(fromLast).toEqual(folded);
          expect(numberingSeriesDecider.decide(assign(next), fromLast)).toEqual(
            numberingSeriesDecider.decide(assign(next), folded),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses to fold a history with a gap or a repeated sequence', () => {
    expect(() =>
      [assigned('inv-1', 1), assigned('inv-3', 3)].reduce(
        numberingSeriesDecider.evolve,
        numberingSeriesDecider.initialState(),
      ),
    ).toThrow(/sequence 3 follows 1/);
  });

  it('keeps one series per stream and refuses malformed series names', () => {
    spec
      .given([assigned('inv-1', 1)])
      .when(assign('inv-2', 'INV-2027'))
      .thenThrows({ code: 'SERIES_MISMATCH', kind: 'conflict' });
    spec
      .given([])
      .when(assign('inv-1', 'inv 2026'))
      .thenThrows({ code: 'INVALID_SERIES', kind: 'invalid' });
  });

  it('names series by document kind and issue year', () => {
    expect(seriesFor('invoice', '2026-03-01')).toBe('INV-2026');
    expect(seriesFor('credit_note', '2027-01-01')).toBe('CN-2027');
  });
});
