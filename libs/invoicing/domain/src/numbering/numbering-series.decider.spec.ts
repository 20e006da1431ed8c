import type { NumberingSeriesEvent } from '@billing/contracts';
import { deciderSpec } from '../test-utils/decider-spec';
import {
  assignedNumber,
  numberingSeriesDecider,
  seriesFor,
  type NumberingSeriesCommand,
} from './numbering-series.decider';

const spec = deciderSpec(numberingSeriesDecider);
const assign = (documentId: string, series = 'INV-2026'): NumberingSeriesCommand => ({
  type: 'AssignNumber',
  data: { series, documentKind: 'invoice', documentId, billingAccountId: 'acc-acme' },
});
const assigned = (documentId: string, sequence: number): NumberingSeriesEvent => ({
  type: 'NumberAssigned',
  data: {
    series: 'INV-2026',
    documentKind: 'invoice',
    documentId,
    billingAccountId: 'acc-acme',
    sequence,
    number: `INV-2026-${String(sequence).padStart(6, '0')}`,
  },
});

describe('numbering series', () => {
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

  it('assigns a document its number once; a retry reads it back from the state', () => {
    const given = spec.given([assigned('inv-1', 1), assigned('inv-2', 2)]);
    given.when(assign('inv-1')).then([]);
    expect(assignedNumber(given.state, 'inv-1')).toBe('INV-2026-000001');
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
