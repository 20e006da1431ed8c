import type { FieldProblem } from '@billing/kernel';

/**
 * The request body, query or path did not pass validation; one entry per offending field.
 * `kind` `invalid` is a 400 `validation` problem; `card-number` (a payment card number in a text
 * field, refused as a matter of policy rather than form) is a 422 `card-number` problem.
 */
export class RequestValidationError extends Error {
  constructor(
    readonly problems: FieldProblem[],
    readonly kind: 'invalid' | 'card-number' = 'invalid',
  ) {
    super(`Invalid request: ${problems.map((p) => p.field).join(', ')}`);
    this.name = 'RequestValidationError';
  }
}
