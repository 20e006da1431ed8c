import { DomainError } from './errors';
import { errorReason, scrubMessage, summarizeError } from './error-summary';

/** The shape of node-postgres's DatabaseError for a json column given "\u0000". */
function postgresError(): Error {
  const error = new Error('unsupported Unicode escape sequence') as Error & Record<string, unknown>;
  error.name = 'error';
  Object.assign(error, {
    code: '22P05',
    severity: 'ERROR',
    detail: '\\u0000 cannot be converted to text.',
    where:
      'JSON data, line 1: {"legalName":"Zebulon Quist Ltd","email":"zq@example.org","memo":"a\\u0000...',
    internalQuery: 'SELECT ...',
    schema: 'event_store',
    table: 'events',
    column: 'data',
    routine: 'report_json_context',
  });
  return error;
}

describe('summarizeError', () => {
  it("keeps a database error's code and object names, never its detail, where or query", () => {
    const summary = summarizeError(postgresError());
    expect(summary).toMatchObject({
      type: 'error',
      code: '22P05',
      message: 'unsupported Unicode escape sequence',
      schema: 'event_store',
      table: 'events',
      column: 'data',
    });
    const text = JSON.stringify(summary);
    for (const secret of ['Zebulon', 'zq@example.org', 'legalName', 'SELECT'])
      expect(text).not.toContain(secret);
  });

  it('scrubs the values a message quotes and keeps identifiers', () => {
    expect(scrubMessage('invalid input syntax for type uuid: "not a uuid"')).toBe(
      'invalid input syntax for type uuid: "…"',
    );
    expect(scrubMessage('duplicate key value violates unique constraint "invoices_pkey"')).toBe(
      'duplicate key value violates unique constraint "invoices_pkey"',
    );
    expect(scrubMessage(`Unexpected token 'x', "{x: Zebulon Quist}" is not valid JSON`)).toBe(
      `Unexpected token 'x', "…" is not valid JSON`,
    );
    expect(scrubMessage('mail to ann@example.org failed')).toBe('mail to [email] failed');
    expect(scrubMessage('card 4111 1111 1111 1111 seen')).toBe('card [number] seen');
    expect(scrubMessage('first line\nsecond line with data')).toBe('first line');
    expect(scrubMessage('x'.repeat(1_000))).toHaveLength(301);
  });

  it('summarizes domain errors, causes and things that are not errors', () => {
    const error = new Error('wrapped', { cause: postgresError() });
    expect(summarizeError(error).cause?.code).toBe('22P05');
    expect(
      summarizeError(new DomainError('INVOICE_NOT_FOUND', 'no such invoice', 'not_found')),
    ).toMatchObject({
      type: 'DomainError',
      code: 'INVOICE_NOT_FOUND',
    });
    expect(summarizeError('plain "Zebulon Quist"').message).toBe('plain "…"');
    expect(errorReason(postgresError())).toBe('error 22P05: unsupported Unicode escape sequence');
  });

  it('keeps the code locations of the stack under the scrubbed message', () => {
    const summary = summarizeError(new Error('bad value "Zebulon Quist"'));
    expect(summary.stack?.split('\n')[0]).toBe('Error: bad value "…"');
    expect(summary.stack).toMatch(/\n\s+at /);
    expect(summary.stack).not.toContain('Zebulon');
  });
});
