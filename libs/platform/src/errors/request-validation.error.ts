import type { FieldProblem } from '@billing/kernel';

/** The request body, query or path did not pass validation; one entry per offending field. */
export class RequestValidationError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(`Invalid request: ${problems.map((p) => p.field).join(', ')}`);
    this.name = 'RequestValidationError';
  }
}
