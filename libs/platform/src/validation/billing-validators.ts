import { applyDecorators } from '@nestjs/common';
import {
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { toEpochDay } from '@billing/kernel';
import { Currency } from '@billing/money';
import { SchemaHint } from '../openapi/schema-hints';
import { containsCardNumber, hasLineBreakOrTab, isBlank } from './text-rules';

/** Longest decimal amount accepted as text; far above any real amount, far below a DoS. */
export const decimalAmountLengthMax = 40;
/**
 * Digits before the point at most: 999,999,999,999 is above any invoice line, payment or quantity
 * a biller sends (even in IDR or VND), and below every payment card number (13-19 digits), so a
 * card number typed into an amount, or a 20-digit overflow trap, is refused at the edge instead
 * of reaching the ledger.
 */
export const decimalAmountIntegerDigitsMax = 12;
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
  const integerRest = decimalAmountIntegerDigitsMax - 1;
  const pattern = new RegExp(`^${sign}(0|[1-9]\\d{0,${integerRest}})(\\.\\d{1,${fraction}})?$`);
  return applyDecorators(
    SchemaHint(
      {
        example: options.allowNegative ? '-20.00' : '120.50',
        description: 'A decimal string, never a JSON number.',
      },
      validation,
    ),
    IsString({ message: 'must be a decimal string such as "120.50", not a number', ...validation }),
    MaxLength(decimalAmountLengthMax, {
      message: `must be at most ${decimalAmountLengthMax} characters`,
      ...validation,
    }),
    Matches(pattern, {
      message: `must be a decimal string such as "120.50"${options.allowNegative ? '' : ' (not negative)'}, with at most ${decimalAmountIntegerDigitsMax} digits before the point, ${fraction} decimals and no exponent`,
      ...validation,
    }),
  );
}

/**
 * An active ISO 4217 currency: three uppercase letters that @billing/money knows (its list leaves
 * out XXX, XTS, precious metals and withdrawn codes), so `ABC` or `XXX` is a 400 naming the field.
 */
export function IsCurrencyCode(validation?: ValidationOptions) {
  return applyDecorators(
    SchemaHint({ example: 'EUR', description: 'An active ISO 4217 currency code.' }, validation),
    IsString({ message: 'must be an ISO 4217 currency code such as "EUR"', ...validation }),
    Matches(/^[A-Z]{3}$/, {
      message: 'must be an ISO 4217 currency code: three uppercase letters such as "EUR"',
      ...validation,
    }),
    ValidateBy(
      {
        name: 'isActiveCurrency',
        validator: {
          validate: (value: unknown) => typeof value === 'string' && Currency.isKnown(value),
          defaultMessage: () => 'must be an active ISO 4217 currency code such as "EUR"',
        },
      },
      validation,
    ),
  );
}

/** The constraint a card number breaks; the validation pipe answers it with 422, not 400. */
export const cardNumberConstraint = 'hasNoCardNumber';

/**
 * Free text a person writes (memo, reason, explanation, statement): at most `lengthMax`
 * characters, tab and line breaks allowed, not blank (an optional field is left out instead), and
 * no payment card number (13-19 Luhn-valid digits), which must never reach the immutable log.
 * Characters no field may hold (NUL, other controls, unpaired surrogates) are refused for every
 * field by the strict edge before validation.
 */
export function IsFreeText(lengthMax: number = freeTextLengthMax, validation?: ValidationOptions) {
  return applyDecorators(
    IsString({ message: 'must be text', ...validation }),
    MaxLength(lengthMax, { message: `must be at most ${lengthMax} characters`, ...validation }),
    NotBlank(validation),
    HasNoCardNumber(validation),
  );
}

/**
 * One line of text (names, address lines, tax ids, references, owners): as `IsFreeText`, and no
 * tab or line break either.
 */
export function IsSingleLineText(lengthMax: number, validation?: ValidationOptions) {
  return applyDecorators(
    IsString({ message: 'must be text', ...validation }),
    MaxLength(lengthMax, { message: `must be at most ${lengthMax} characters`, ...validation }),
    NotBlank(validation),
    ValidateBy(
      {
        name: 'isSingleLine',
        validator: {
          validate: (value: unknown) => typeof value === 'string' && !hasLineBreakOrTab(value),
          defaultMessage: () => 'must be one line, without tabs or line breaks',
        },
      },
      validation,
    ),
    HasNoCardNumber(validation),
  );
}

function NotBlank(validation?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isNotBlank',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !isBlank(value),
        defaultMessage: () => 'must not be blank',
      },
    },
    validation,
  );
}

function HasNoCardNumber(validation?: ValidationOptions) {
  return ValidateBy(
    {
      name: cardNumberConstraint,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !containsCardNumber(value),
        defaultMessage: () =>
          'must not contain a payment card number; record only its last four digits',
      },
    },
    validation,
  );
}

const nilUuid = '00000000-0000-0000-0000-000000000000';

/**
 * The id of a record (chosen by the client or referring to one): a UUID, never the nil UUID,
 * which names nothing and would collide between clients.
 */
export function IsRecordId(validation?: ValidationOptions) {
  return applyDecorators(
    SchemaHint({ format: 'uuid', example: '0b6f4a52-8d0e-4f5b-9a3e-2f1c7d9e6a41' }, validation),
    IsUUID('all', { message: 'must be a UUID', ...validation }),
    ValidateBy(
      {
        name: 'isNotNilUuid',
        validator: {
          validate: (value: unknown) => value !== nilUuid,
          defaultMessage: () => 'must not be the nil UUID',
        },
      },
      validation,
    ),
  );
}

/** A business date `YYYY-MM-DD` that exists on the calendar (no time, no zone: a date). */
export function IsCalendarDate(validation?: ValidationOptions) {
  return applyDecorators(
    SchemaHint({ format: 'date', example: '2026-03-02' }, validation),
    CalendarDate(validation),
  );
}

function CalendarDate(validation?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          /^\d{4}-\d{2}-\d{2}$/.test(value) &&
          toEpochDay(value) !== undefined,
        defaultMessage: () => 'must be a calendar date YYYY-MM-DD',
      },
    },
    validation,
  );
}

const instantPattern =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;

/**
 * A moment: ISO 8601 date and time with `Z` or an offset (`2026-01-01T09:00:00+02:00`). Without a
 * zone the same text names a different moment on every server, so it is refused.
 */
export function IsInstant(validation?: ValidationOptions) {
  return applyDecorators(
    SchemaHint({ format: 'date-time', example: '2026-03-02T09:00:00Z' }, validation),
    Instant(validation),
  );
}

function Instant(validation?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          const match = instantPattern.exec(value);
          return (
            match !== null &&
            toEpochDay(match[1] as string) !== undefined &&
            Number.isFinite(Date.parse(value))
          );
        },
        defaultMessage: () =>
          'must be an ISO 8601 instant with a zone, e.g. 2026-03-02T09:00:00Z or 2026-03-02T11:00:00+02:00',
      },
    },
    validation,
  );
}
