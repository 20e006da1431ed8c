import { ISO_4217_MINOR_UNITS } from './iso4217';
import { MoneyError, quoteInput } from './money-error';

const CODE_PATTERN = /^[A-Z]{3}$/;

/**
 * An ISO 4217 currency and its minor units. One frozen instance per code, so `===` works and
 * the table is consulted once.
 */
export class Currency {
  private static readonly instances = new Map<string, Currency>();

  private constructor(
    readonly code: string,
    readonly minorUnits: number,
  ) {
    Object.freeze(this);
  }

  /** The currency for an uppercase ISO 4217 code; UNKNOWN_CURRENCY for anything else. */
  static of(code: string): Currency {
    const cached = typeof code === 'string' ? Currency.instances.get(code) : undefined;
    if (cached) return cached;
    const minorUnits = Currency.minorUnitsOf(code);
    const currency = new Currency(code, minorUnits);
    Currency.instances.set(code, currency);
    return currency;
  }

  static isKnown(code: string): boolean {
    return (
      typeof code === 'string' && Object.prototype.hasOwnProperty.call(ISO_4217_MINOR_UNITS, code)
    );
  }

  /** Accepts what the Money API accepts: a Currency or its code. */
  static from(currency: string | Currency): Currency {
    return currency instanceof Currency ? currency : Currency.of(currency);
  }

  equals(other: Currency): boolean {
    return this.code === other.code;
  }

  toString(): string {
    return this.code;
  }

  toJSON(): string {
    return this.code;
  }

  private static minorUnitsOf(code: unknown): number {
    if (typeof code !== 'string') {
      throw new MoneyError(
        'UNKNOWN_CURRENCY',
        `Currency code must be a string, got ${quoteInput(code)}`,
      );
    }
    if (Currency.isKnown(code)) return ISO_4217_MINOR_UNITS[code] as number;
    const upper = code.toUpperCase();
    if (code !== upper && Currency.isKnown(upper)) {
      throw new MoneyError(
        'UNKNOWN_CURRENCY',
        `Currency code ${quoteInput(code)} must be uppercase (ISO 4217 codes are uppercase): use "${upper}"`,
      );
    }
    if (!CODE_PATTERN.test(code)) {
      throw new MoneyError(
        'UNKNOWN_CURRENCY',
        `Currency code ${quoteInput(code)} is not an ISO 4217 code (three uppercase letters, e.g. "USD")`,
      );
    }
    throw new MoneyError(
      'UNKNOWN_CURRENCY',
      `Unknown currency ${quoteInput(code)}: not an active ISO 4217 code`,
    );
  }
}
