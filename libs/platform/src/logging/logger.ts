import pino, { type DestinationStream, type Logger } from 'pino';
import { summarizeError } from '@billing/kernel';
import type { LogLevel } from '../config/platform-config';
import { RequestContext } from './request-context';

export type { Logger } from 'pino';

export interface LoggerOptions {
  service: string;
  level: LogLevel;
  /** Where JSON lines go; stdout when absent. Tests pass a stream that collects lines. */
  destination?: DestinationStream;
}

/**
 * Paths removed from any object logged, as a second line of defence: request logging itself only
 * writes chosen fields, but a handler might log an object that carries a token or an email.
 */
const redactedPaths = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.authorization',
  'token',
  '*.token',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'email',
  '*.email',
  'body',
  '*.body',
];

/**
 * A pino JSON logger stamped with the service name; each line also carries the current request's
 * correlation id (from RequestContext) when there is one.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'message',
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: redactedPaths, censor: '[redacted]' },
      // An error is logged as its summary: type, codes, object names, a scrubbed message and code
      // locations, never a database error's detail/where (which hold the row or event JSON).
      serializers: { err: summarizeError, error: summarizeError, cause: summarizeError },
      mixin: () => {
        const correlationId = RequestContext.correlationId();
        return correlationId ? { correlationId } : {};
      },
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}
