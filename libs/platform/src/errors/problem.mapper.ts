import { HttpException } from '@nestjs/common';
import { DomainError } from '@billing/kernel';
import { isDependencyUnavailable } from '@billing/messaging';
import { problemType, slugOf, type ProblemDetails } from './problem';
import { ProblemException, type ProblemInit } from './problem.exception';
import { RequestValidationError } from './request-validation.error';

export interface MappedProblem {
  problem: ProblemInit;
  headers: Record<string, string>;
  /** True when the error is not one we expected: log it, tell the client nothing more. */
  unexpected: boolean;
}

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  413: 'Request body too large',
  415: 'Unsupported media type',
  422: 'Unprocessable request',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

const slugs: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable',
  429: 'too-many-requests',
  503: 'unavailable',
};

const domainStatus: Record<DomainError['kind'], number> = {
  invalid: 422,
  conflict: 409,
  not_found: 404,
  forbidden: 403,
};

/** Body-parser errors carry a `type` and a `status`; they never reach Nest's filters. */
interface BodyParserError {
  type: string;
  status: number;
}

/**
 * Maps anything a request can throw to a problem. Matching is by class where the class is ours
 * (kernel, platform) and by `name` where the error comes from a library this one must not import
 * (money, event store adapters), so a second copy of a module does not defeat the match.
 */
export function mapError(error: unknown): MappedProblem {
  const expected = (problem: ProblemInit, headers: Record<string, string> = {}): MappedProblem => ({
    problem,
    headers,
    unexpected: false,
  });

  if (error instanceof ProblemException) return expected(error.problem, error.headers);

  if (error instanceof RequestValidationError && error.kind === 'card-number') {
    return expected({
      type: problemType('card-number'),
      title: 'Card number refused',
      status: 422,
      detail:
        'Payment card numbers must not be recorded; remove them (the last four digits are enough).',
      errors: error.problems,
    });
  }

  if (error instanceof RequestValidationError) {
    return expected({
      type: problemType('validation'),
      title: 'Invalid request',
      status: 400,
      detail: 'One or more fields are invalid; see errors.',
      errors: error.problems,
    });
  }

  if (error instanceof DomainError || isNamed(error, 'DomainError')) {
    const domain = error as DomainError;
    const status = domainStatus[domain.kind] ?? 422;
    return expected({
      type: problemType(slugOf(domain.code)),
      title: titles[status] ?? 'Unprocessable request',
      status,
      detail: domain.message,
      code: domain.code,
      ...(domain.problems?.length ? { errors: domain.problems } : {}),
    });
  }

  if (isNamed(error, 'MoneyError')) {
    const money = error as Error & { code?: unknown; field?: unknown };
    const code = typeof money.code === 'string' ? money.code : 'MONEY_INVALID';
    const field = typeof money.field === 'string' ? money.field : undefined;
    return expected({
      type: problemType(`money/${slugOf(code)}`),
      title: 'Invalid amount',
      status: 422,
      detail: money.message,
      code,
      ...(field ? { errors: [{ field, reason: money.message }] } : {}),
    });
  }

  if (isNamed(error, 'WrongExpectedVersion')) {
    return expected({
      type: problemType('concurrency-conflict'),
      title: 'Conflict',
      status: 409,
      detail: 'The resource was changed by other requests while this one was handled; retry it.',
      code: 'CONCURRENCY_CONFLICT',
    });
  }

  if (isNamed(error, 'DuplicateEventIdConflict')) {
    return expected({
      type: problemType('duplicate-event'),
      title: 'Conflict',
      status: 409,
      detail: 'This request repeats an earlier one with different content.',
      code: 'DUPLICATE_EVENT_ID',
    });
  }

  if (isNamed(error, 'UnstorableEvent')) {
    // Text the store cannot keep (NUL, a lone surrogate): the client's input, refused before any
    // write. Named by where it sits in the event; the text itself is never echoed.
    const path = String((error as Error & { path?: unknown }).path ?? 'data');
    const field = path.replace(/^(data|metadata)\.?/, '') || path;
    return expected({
      type: problemType('unstorable-text'),
      title: titles[422] as string,
      status: 422,
      detail: 'A text field holds a character that cannot be stored (NUL or a lone surrogate).',
      code: 'UNSTORABLE_TEXT',
      errors: [{ field, reason: 'must not contain NUL or lone surrogate characters' }],
    });
  }

  if (isBodyParserError(error)) return expected(bodyParserProblem(error));

  if (isUndecodablePath(error)) {
    // The router could not percent-decode a path parameter; the value is not echoed back.
    return expected({
      type: problemType('validation'),
      title: 'Invalid request',
      status: 400,
      detail: 'A path parameter is not valid percent-encoded UTF-8.',
      errors: [{ field: 'path', reason: 'must be valid percent-encoded UTF-8' }],
    });
  }

  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status >= 500) return unexpectedProblem();
    return expected(
      {
        type: problemType(slugs[status] ?? `http-${status}`),
        title: titles[status] ?? 'Request failed',
        status,
        detail: httpDetail(error),
      },
      status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {},
    );
  }

  if (isDependencyUnavailable(error)) return dependencyUnavailableProblem();

  return unexpectedProblem();
}

/**
 * A pool opens a new connection for the next request, so a retry succeeds as soon as the
 * database (or broker) is back; a database restart takes a few seconds.
 */
export const dependencyRetryAfterSeconds = 5;

/** The database (or broker) is away: nothing was done, retry the same request later. */
export function dependencyUnavailableProblem(): MappedProblem {
  return {
    problem: {
      type: problemType('dependency-unavailable'),
      title: titles[503] as string,
      status: 503,
      detail:
        'A service this request needs is unavailable for a moment; retry with the same Idempotency-Key.',
    },
    headers: { 'Retry-After': String(dependencyRetryAfterSeconds) },
    unexpected: false,
  };
}

export function unexpectedProblem(): MappedProblem {
  return {
    problem: {
      type: problemType('internal'),
      title: titles[500] as string,
      status: 500,
      detail: 'The request could not be completed. Quote the correlationId when reporting it.',
    },
    headers: {},
    unexpected: true,
  };
}

function httpDetail(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : error.message;
}

/** The router's "Failed to decode param", raw or as Nest's 400 wrapping it. */
function isUndecodablePath(error: unknown): boolean {
  if (!(error instanceof Error) || !/^Failed to decode param/.test(error.message)) return false;
  return error instanceof URIError || (error instanceof HttpException && error.getStatus() === 400);
}

function isNamed(error: unknown, name: string): error is Error {
  return error instanceof Error && error.name === name;
}

const bodyParserTypes = new Set([
  'entity.parse.failed',
  'entity.too.large',
  'entity.verify.failed',
  'encoding.unsupported',
  'charset.unsupported',
  'request.aborted',
  'request.size.invalid',
  'stream.encoding.set',
  'parameters.too.many',
]);

function isBodyParserError(error: unknown): error is BodyParserError {
  if (!(error instanceof Error)) return false;
  const type = (error as Partial<BodyParserError>).type;
  return typeof type === 'string' && bodyParserTypes.has(type);
}

function bodyParserProblem(error: BodyParserError): ProblemInit {
  switch (error.type) {
    case 'entity.parse.failed':
      return {
        type: problemType('malformed-json'),
        title: 'Malformed JSON',
        status: 400,
        detail: 'The request body is not valid JSON.',
        errors: [{ field: 'body', reason: 'must be valid JSON' }],
      };
    case 'entity.too.large':
      return {
        type: problemType('payload-too-large'),
        title: titles[413] as string,
        status: 413,
        detail: 'The request body is larger than this service accepts.',
        errors: [{ field: 'body', reason: 'is larger than this service accepts' }],
      };
    default: {
      const status = error.status >= 400 && error.status < 500 ? error.status : 400;
      return {
        type: problemType(slugs[status] ?? 'bad-request'),
        title: titles[status] ?? 'Bad request',
        status,
        detail: 'The request body could not be read.',
      };
    }
  }
}

export type { ProblemDetails };
