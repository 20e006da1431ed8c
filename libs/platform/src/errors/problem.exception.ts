import type { ProblemDetails } from './problem';

export type ProblemInit = Omit<ProblemDetails, 'instance' | 'correlationId'>;

/** Thrown by platform code (and services, when no domain error fits) to answer with a problem. */
export class ProblemException extends Error {
  constructor(
    readonly problem: ProblemInit,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'ProblemException';
  }
}
