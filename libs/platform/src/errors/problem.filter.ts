import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Logger } from 'pino';
import type { HttpRequest, HttpResponse } from '../http.types';
import { RequestContext } from '../logging/request-context';
import { loggablePath } from '../logging/request-logging.middleware';
import { problemContentType, type ProblemDetails } from './problem';
import { mapError } from './problem.mapper';
import { withNotFoundField } from './not-found-field';

/** Writes `problem` as `application/problem+json`, stamped with the request path and correlation id. */
export function sendProblem(
  req: HttpRequest,
  res: HttpResponse,
  error: unknown,
  logger: Logger,
): void {
  const mapped = mapError(error);
  const correlationId =
    RequestContext.correlationId() ?? headerValue(res.getHeader('X-Correlation-Id'));
  if (mapped.unexpected) {
    // The client gets a generic body; the cause (with its stack) stays in our logs.
    logger.error(
      { err: error, correlationId, method: req.method, path: loggablePath(req.path) },
      'unexpected error',
    );
  }
  const body: ProblemDetails = {
    ...withNotFoundField(mapped.problem, req),
    instance: (req.originalUrl || req.url).split('?')[0],
    ...(correlationId ? { correlationId } : {}),
  };
  if (res.headersSent) return;
  for (const [name, value] of Object.entries(mapped.headers)) res.setHeader(name, value);
  res.status(body.status).type(problemContentType).send(JSON.stringify(body));
}

function headerValue(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The global filter: every error a route (or Nest's 404 handler) throws becomes a problem. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    sendProblem(
      http.getRequest<HttpRequest>(),
      http.getResponse<HttpResponse>(),
      error,
      this.logger,
    );
  }
}

/** Express error middleware for what fails before Nest's router: body parsing (400, 413, 415). */
export function problemErrorMiddleware(logger: Logger) {
  return (
    error: unknown,
    req: HttpRequest,
    res: HttpResponse,
    _next: (e?: unknown) => void,
  ): void => {
    sendProblem(req, res, error, logger);
  };
}
