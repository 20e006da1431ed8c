import type { FieldProblem } from '@billing/kernel';

export const problemContentType = 'application/problem+json';
export const problemBaseUri = 'https://billing.example/problems/';

/** An RFC 9457 problem, the body of every error response. */
export interface ProblemDetails {
  /** A URI naming the kind of problem; clients branch on it (or on `code`), never on `detail`. */
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** The request path the problem occurred on. */
  instance?: string;
  correlationId?: string;
  /** Stable machine-readable code, e.g. a DomainError's code. */
  code?: string;
  /** Each offending input field (validation), e.g. `{ field: 'lines[0].quantity', reason: ... }`. */
  errors?: FieldProblem[];
}

/** `problemType('validation')` = `https://billing.example/problems/validation`. */
export function problemType(slug: string): string {
  return `${problemBaseUri}${slug}`;
}

/** A code like `INVOICE_ALREADY_ISSUED` or `invoice.already_issued` as a URI slug. */
export function slugOf(code: string): string {
  return code
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
