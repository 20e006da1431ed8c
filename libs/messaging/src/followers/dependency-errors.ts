/**
 * Telling "a dependency is away for a while" from "this event cannot be applied". The first is
 * retried forever (the broker or the database comes back); the second is retried a bounded number
 * of times and then reported (a stuck follower) or dead-lettered.
 */

/** Thrown by this project's own code when a dependency is not ready yet (e.g. topic leaders). */
export class DependencyUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DependencyUnavailableError';
  }
}

/** Node socket errors: the server is not there (yet), or the connection broke. */
const socketErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

/**
 * SQLSTATEs that say nothing about the data: connection exceptions (class 08), the server
 * shutting down or starting (57P01-57P03), too many connections or no space (class 53), and
 * transaction conflicts that a retry resolves (40001, 40P01).
 */
function isTransientSqlState(code: string): boolean {
  return (
    code.startsWith('08') ||
    code.startsWith('53') ||
    ['57P01', '57P02', '57P03', '40001', '40P01'].includes(code)
  );
}

/** Messages of the pg driver that carry no code. */
const pgDriverMessages = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection terminated unexpectedly',
];

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    chain.push(current);
    current = (current as { cause?: unknown; originalError?: unknown }).cause;
  }
  return chain;
}

/** True when `error` (or one of its causes) means a dependency is unreachable or not ready yet. */
export function isDependencyUnavailable(error: unknown): boolean {
  return causes(error).some((e) => {
    // Duck-typed: errors made by Node's own modules fail `instanceof Error` in other realms (Jest).
    if (typeof e !== 'object' || e === null) return false;
    const { code, name, message } = e as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string' && (socketErrorCodes.has(code) || isTransientSqlState(code)))
      return true;
    // Every kafkajs error is about the broker (a handler's own error is never a KafkaJS one).
    if (typeof name === 'string' && name.startsWith('KafkaJS')) return true;
    if (name === 'DependencyUnavailableError') return true;
    return typeof message === 'string' && pgDriverMessages.some((m) => message.startsWith(m));
  });
}

/**
 * A short code for an error, safe to log and to show an operator: a SQLSTATE or socket code when
 * there is one, else the error's class name. Never the message, which may quote event data.
 */
export function errorCodeOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'unknown';
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code)) return code;
  return typeof name === 'string' && /^[A-Za-z0-9_.]{1,60}$/.test(name) ? name : 'Error';
}
