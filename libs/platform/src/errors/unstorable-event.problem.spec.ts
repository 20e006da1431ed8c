import { UnstorableEvent } from '@billing/event-store';
import { mapError } from './problem.mapper';

describe('an event the store refused as unstorable', () => {
  it('is a 422 naming the field, never a 500, and does not echo the text', () => {
    const mapped = mapError(new UnstorableEvent('e-1', 'CreditNoteIssued', 'data.memo', 'nul'));
    expect(mapped.unexpected).toBe(false);
    expect(mapped.problem.status).toBe(422);
    expect(mapped.problem.code).toBe('UNSTORABLE_TEXT');
    expect(mapped.problem.errors).toEqual([
      { field: 'memo', reason: 'must not contain NUL or lone surrogate characters' },
    ]);
  });
});
