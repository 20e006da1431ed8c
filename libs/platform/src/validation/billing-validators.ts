import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength, type ValidationOptions } from 'class-validator';

/** Longest decimal amount accepted as text; far above any real amount, far below a DoS. */
export const decimalAmountLengthMax = 40;
/** Default bound for free text (descriptions, notes, reasons). */
export const freeTextLengthMax = 1_000;

export interface DecimalAmountOptions {
  /** Allow a leading minus (adjustments); amounts are positive by default. */
  allowNegative?: boolean;
  /** Digits after the point at most; currency-specific rounding is Money's job. */
  fractionDigitsMax?: number;
}

/**
 * A money amount as a decimal string: `"120.50"`, never a JSON number (which would pass through
 * binary floating point) and never exponent notation. Whether the currency allows that many
 * fraction digits is decided by @billing/money when the service builds a Money.
 */
export function IsDecimalAmount(
  options: DecimalAmountOptions = {},
  validation?: ValidationOptions,
) {
  const sign = options.allowNegative ? '-?' : '';
  const fraction = options.fractionDigitsMax ?? 12;
  const pattern = new RegExp(`^${sign}(0|[1-9]\\d*)(\\.\\d{1,${fraction}})?$`);
  return applyDecorators(
    IsString({ message: 'must be a decimal string such as "120.50", not a number', ...validation }),
    MaxLength(decimalAmountLengthMax, {
      message: `must be at most ${decimalAmountLengthMax} characters`,
      ...validation,
    }),
    Matches(pattern, {
      message: `must be a decimal string such as "120.50"${options.allowNegative ? '' : ' (not negative)'}, with at most ${fraction} decimals and no exponent`,
      ...validation,
    }),
  );
}

/**
 * An ISO 4217 code in its format (three uppercase letters). Membership of the currency list is
 * checked where amounts are built, by @billing/money, so the list lives in one place.
 */
export function IsCurrencyCode(validation?: ValidationOptions) {
  return applyDecorators(
    IsString({ message: 'must be an ISO 4217 currency code such as "EUR"', ...validation }),
    Matches(/^[A-Z]{3}$/, {
      message: 'must be an ISO 4217 currency code: three uppercase letters such as "EUR"',
      ...validation,
    }),
  );
}

/** Free text with an upper bound (default 1,000 characters), so a huge field is a 400, not a 500. */
export function IsFreeText(lengthMax: number = freeTextLengthMax, validation?: ValidationOptions) {
  return applyDecorators(
    IsString({ message: 'must be text', ...validation }),
    MaxLength(lengthMax, { message: `must be at most ${lengthMax} characters`, ...validation }),
  );
}
