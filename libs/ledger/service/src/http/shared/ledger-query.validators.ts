import { ValidateBy, type ValidationOptions } from 'class-validator';
import type { AsOf } from '@billing/ledger-domain';
import { applyDecorators } from '@nestjs/common';
import { RequestValidationError, SchemaHint } from '@billing/platform';
import { parseAsOf } from '../../core/as-of/parse-as-of';

/** `asOf`: a global position or an ISO-8601 commit time. */
export function IsAsOf(validation?: ValidationOptions) {
  return applyDecorators(
    SchemaHint({ example: '2026-03-31T23:59:59Z', type: 'string' }, validation),
    AsOfRule(validation),
  );
}

function AsOfRule(validation?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isAsOf',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          try {
            parseAsOf(value);
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage: () =>
          'must be a global position (a whole number) or an ISO-8601 instant with a zone, e.g. 2026-03-31T23:59:59Z',
      },
    },
    validation,
  );
}

/** The platform's business date rule, under the name ledger queries have always used. */
export { IsCalendarDate } from '@billing/platform';

/** A whole number in [min, max], written as text (query parameters are text). */
export function IsWholeNumberText(min: number, max: number, validation?: ValidationOptions) {
  return applyDecorators(
    SchemaHint({ type: 'string', pattern: '^\\d{1,15}$', example: String(min) }, validation),
    WholeNumberText(min, max, validation),
  );
}

function WholeNumberText(min: number, max: number, validation?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isWholeNumberText',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' &&
          /^\d{1,15}$/.test(value) &&
          Number(value) >= min &&
          Number(value) <= max,
        defaultMessage: () => `must be a whole number from ${min} to ${max}`,
      },
    },
    validation,
  );
}

export function asOfOf(text: string | undefined): AsOf | undefined {
  return text === undefined ? undefined : parseAsOf(text);
}

/** A period whose end comes before its start is refused naming `to`. */
export function requirePeriod(from: string, to: string): void {
  if (to < from)
    throw new RequestValidationError([{ field: 'to', reason: 'must not be before from' }]);
}
