/** One offending input: which field, and why, in words a user can act on. */
export interface FieldProblem {
  field: string;
  reason: string;
}

/**
 * A command that the domain refuses. `code` is stable and machine-readable; HTTP maps
 * `kind: 'conflict'` to 409 and `kind: 'invalid'` to 422, `not_found` to 404, `forbidden` to 403.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: 'invalid' | 'conflict' | 'not_found' | 'forbidden' = 'invalid',
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Throws a DomainError unless `condition` holds. */
export function ensure(
  condition: boolean,
  code: string,
  message: string,
  field?: string,
): asserts condition {
  if (!condition)
    throw new DomainError(code, message, 'invalid', field ? [{ field, reason: message }] : []);
}

/**
 * An invariant that must hold whatever the input (TigerStyle assertions): a failure is a bug, and
 * stops the operation loudly rather than letting a wrong number be written.
 */
export class InvariantViolation extends Error {
  constructor(message: string) {
    super(`Invariant violated: ${message}`);
    this.name = 'InvariantViolation';
  }
}

export function invariant(condition: boolean, message: string): asserts condition {
  if (!condition) throw new InvariantViolation(message);
}
