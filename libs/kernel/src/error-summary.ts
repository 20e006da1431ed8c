/**
 * What may be logged about an error: its kind, codes and the names of the schema objects
 * involved, never the data it was about. A PostgreSQL error carries the failing row or event JSON
 * in `detail`, `where` and `internalQuery`; a message may quote the offending value
 * (`invalid input syntax for type uuid: "..."`, `"..." is not valid JSON`). Loggers use this for
 * every error they write (the platform's pino serializer, messaging's and followers' `reason`).
 */
export interface ErrorSummary {
  type: string;
  /** The application's code (DomainError, MoneyError) or PostgreSQL's SQLSTATE. */
  code?: string;
  message: string;
  /** Where PostgreSQL says it failed: names of database objects, no values. */
  schema?: string;
  table?: string;
  column?: string;
  constraint?: string;
  routine?: string;
  /** Code locations only; the first line (the message) is replaced by the scrubbed one. */
  stack?: string;
  cause?: ErrorSummary;
}

const messageLengthMax = 300;
const causeDepthMax = 3;
const pgNameFields = ['schema', 'table', 'column', 'constraint', 'routine'] as const;

/** The loggable summary of anything thrown. */
export function summarizeError(error: unknown, depth = 0): ErrorSummary {
  if (!(error instanceof Error)) {
    return { type: typeof error, message: scrubMessage(String(error)) };
  }
  const fields = error as Error & Record<string, unknown>;
  const summary: ErrorSummary = {
    type: error.name || error.constructor?.name || 'Error',
    message: scrubMessage(error.message),
  };
  if (typeof fields['code'] === 'string' || typeof fields['code'] === 'number')
    summary.code = String(fields['code']);
  for (const name of pgNameFields) {
    const value = fields[name];
    if (typeof value === 'string' && isIdentifier(value)) summary[name] = value;
  }
  const stack = codeLocations(error.stack);
  if (stack) summary.stack = `${summary.type}: ${summary.message}\n${stack}`;
  if (error.cause !== undefined && depth < causeDepthMax)
    summary.cause = summarizeError(error.cause, depth + 1);
  return summary;
}

/** One line for a `reason` field: `error: 23505 duplicate key value violates ...`. */
export function errorReason(error: unknown): string {
  const summary = summarizeError(error);
  return `${summary.type}${summary.code ? ` ${summary.code}` : ''}: ${summary.message}`;
}

/**
 * A message without the values it may quote: quoted text that is not a plain identifier, email
 * addresses and long digit runs become placeholders; the rest (what went wrong, which constraint)
 * stays. Bounded in length.
 */
export function scrubMessage(message: string): string {
  const scrubbed = (message.split(/\r?\n/, 1)[0] ?? '')
    .replace(/"([^"]*)"/g, (quoted, inner: string) => (isIdentifier(inner) ? quoted : '"…"'))
    .replace(/'([^']*)'/g, (quoted, inner: string) => (isIdentifier(inner) ? quoted : "'…'"))
    .replace(/[^\s@"']+@[^\s@"']+/g, '[email]')
    .replace(/\d(?:[ -]?\d){8,}/g, '[number]');
  return scrubbed.length > messageLengthMax ? `${scrubbed.slice(0, messageLengthMax)}…` : scrubbed;
}

/** A database or code identifier such as `invoicing_rm.invoices` or `idx_unique_number`. */
function isIdentifier(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_.$]{0,62}$/.test(text);
}

function codeLocations(stack: string | undefined): string | undefined {
  if (!stack) return undefined;
  const frames = stack.split('\n').filter((line) => /^\s+at /.test(line));
  return frames.length > 0 ? frames.slice(0, 20).join('\n') : undefined;
}
