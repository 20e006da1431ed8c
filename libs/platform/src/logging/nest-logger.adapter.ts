import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';
import { scrubMessage } from '@billing/kernel';

/**
 * Route mapping: one line per route at start-up (about 140 in embedded mode), useful when
 * debugging routing, noise otherwise: it buried the start banner. Logged at debug.
 */
const routeMappingContexts = new Set(['RoutesResolver', 'RouterExplorer']);

/** Nest's own messages (start-up, route mapping, uncaught errors) as JSON lines through pino. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...optional: unknown[]): void {
    const context = optional[optional.length - 1];
    const quiet = typeof context === 'string' && routeMappingContexts.has(context);
    this.write(quiet ? 'debug' : 'info', message, optional);
  }
  error(message: unknown, ...optional: unknown[]): void {
    this.write('error', message, optional);
  }
  warn(message: unknown, ...optional: unknown[]): void {
    this.write('warn', message, optional);
  }
  debug(message: unknown, ...optional: unknown[]): void {
    this.write('debug', message, optional);
  }
  verbose(message: unknown, ...optional: unknown[]): void {
    this.write('trace', message, optional);
  }
  fatal(message: unknown, ...optional: unknown[]): void {
    this.write('fatal', message, optional);
  }

  /** Nest passes the context (class name) last, and for errors a stack before it. */
  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal',
    message: unknown,
    optional: unknown[],
  ): void {
    const context =
      typeof optional[optional.length - 1] === 'string'
        ? (optional[optional.length - 1] as string)
        : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    // Nest passes a stack whose first line is the message; keep only its code locations.
    if (level === 'error' && typeof optional[0] === 'string' && optional.length > 1)
      fields['stack'] = optional[0]
        .split('\n')
        .filter((line) => /^\s+at /.test(line))
        .join('\n');
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, scrubMessage(message.message));
    } else if (typeof message === 'string') {
      this.logger[level](fields, scrubMessage(message));
    } else {
      // An object from Nest may be anything (an exception's response body): never logged as is.
      this.logger[level]({ ...fields, detailType: typeof message }, 'nest');
    }
  }
}
