import { problemType } from '../errors/problem';
import { ProblemException } from '../errors/problem.exception';
import type { HttpRequest, HttpResponse, NextFunction } from '../http.types';

const bodyMethods = new Set(['POST', 'PUT', 'PATCH']);
const jsonType = /^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i;

/**
 * A command body must be JSON. Anything else is refused with 415 here, rather than reaching the
 * handler as an empty body and coming back as a list of "missing" fields that were in fact sent.
 */
export function jsonContentTypeMiddleware() {
  return (req: HttpRequest, _res: HttpResponse, next: NextFunction): void => {
    if (!bodyMethods.has(req.method.toUpperCase()) || !hasBody(req)) return next();
    const contentType = req.header('content-type') ?? '';
    if (jsonType.test(contentType)) return next();
    next(
      new ProblemException({
        type: problemType('unsupported-media-type'),
        title: 'Unsupported media type',
        status: 415,
        detail: 'Send the request body as application/json.',
      }),
    );
  };
}

function hasBody(req: HttpRequest): boolean {
  const length = req.header('content-length');
  return req.header('transfer-encoding') !== undefined || (length !== undefined && length !== '0');
}
