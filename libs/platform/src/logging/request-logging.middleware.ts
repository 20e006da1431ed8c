import { randomUUID } from 'node:crypto';
import type { HttpRequest as Request, HttpResponse as Response, NextFunction } from '../http.types';
import type { Logger } from 'pino';
import { RequestContext } from './request-context';

export const correlationHeader = 'x-correlation-id';

/** A caller's correlation id is kept only if it is short and plain, so it cannot forge log lines. */
const acceptableCorrelationId = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * First middleware of every request: takes the caller's `X-Correlation-Id` (or makes a UUID),
 * echoes it, opens the RequestContext for everything downstream, and writes one access line when
 * the response is finished. It logs method, path (without the query string), status and duration:
 * never headers, tokens, bodies or query values, which may carry personal data.
 */
export function requestLoggingMiddleware(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const offered = req.header(correlationHeader);
    const correlationId = offered && acceptableCorrelationId.test(offered) ? offered : randomUUID();
    res.setHeader('X-Correlation-Id', correlationId);
    const startedNs = process.hrtime.bigint();
    const context = { correlationId };
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - startedNs) / 1e6;
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      logger[level](
        {
          correlationId,
          method: req.method,
          path: loggablePath(req.originalUrl || req.url),
          status,
          durationMs: Math.round(durationMs * 10) / 10,
          actorId: (context as { actor?: { id: string } }).actor?.id,
        },
        'request completed',
      );
    });
    RequestContext.run(context, next);
  };
}

/** A path segment that is a route word, a number or an id; anything else may be a client's data. */
const plainSegment = /^([a-z][a-z0-9-]{0,63}|\d{1,12}|[0-9a-fA-F-]{36})$/;

/**
 * The request path for a log line: without the query string, and with every segment that is not
 * a route word, number or UUID replaced by `:value`, so `/accounts/ann@example.org` or a name
 * typed into a URL never reaches the log.
 */
export function loggablePath(url: string): string {
  return (url.split('?')[0] ?? '')
    .split('/')
    .map((segment) => (segment === '' || plainSegment.test(segment) ? segment : ':value'))
    .join('/');
}
