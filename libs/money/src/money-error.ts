export type MoneyErrorCode =
  | 'UNKNOWN_CURRENCY'
  | 'CURRENCY_MISMATCH'
  | 'INVALID_AMOUNT'
  | 'TOO_MANY_DECIMALS'
  | 'INVALID_RATIO'
  | 'INVALID_RATE';

/**
 * A money operation refused because of its input. `code` is stable and machine-readable so
 * callers can map it (to a DomainError, a 422, a validation message) without parsing the text.
 */
export class MoneyError extends Error {
  constructor(
    readonly code: MoneyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MoneyError';
  }
}

const QUOTED_INPUT_LENGTH_MAX = 40;

/** Quotes user input for an error message, cut short so a huge input cannot flood a log line. */
export function quoteInput(value: unknown): string {
  if (typeof value !== 'string') return `a ${value === null ? 'null' : typeof value}`;
  const shown =
    value.length > QUOTED_INPUT_LENGTH_MAX ? `${value.slice(0, QUOTED_INPUT_LENGTH_MAX)}…` : value;
  return JSON.stringify(shown);
}
