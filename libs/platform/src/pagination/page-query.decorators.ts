import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, ValidateBy, type ValidationOptions } from 'class-validator';
import { decodePageCursor, pageCursorLengthMax } from './page-cursor';

/** Rows per page at most, whatever a client asks. */
export const pageLimitMax = 200;
/** Rows per page when a client does not say. */
export const pageLimitDefault = 50;

/**
 * `limit` in a list's query: a whole number 1..200 written in plain digits. `1e2`, `0x10`, `+5`,
 * ` 5` and repeated parameters stay text and are refused, rather than read as numbers.
 */
export function PageLimit() {
  const message = `must be a whole number from 1 to ${pageLimitMax}`;
  return applyDecorators(
    IsOptional(),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value,
    ),
    IsInt({ message }),
    Min(1, { message }),
    Max(pageLimitMax, { message }),
  );
}

/**
 * `cursor` in a list's query: exactly what the list's last answer gave as `next`. A cursor that
 * is not one of `list`'s (edited, truncated, from another list) is a 400 naming `cursor`.
 */
export function PageCursor(list: string, keyLength: number, validation?: ValidationOptions) {
  return applyDecorators(
    IsOptional(),
    ValidateBy(
      {
        name: 'isPageCursor',
        validator: {
          validate: (value: unknown) => decodePageCursor(list, keyLength, value) !== undefined,
          defaultMessage: () =>
            `must be the \`next\` cursor of an earlier answer of this list (at most ${pageCursorLengthMax} characters)`,
        },
      },
      validation,
    ),
  );
}

/**
 * The upper end of a range (`dueDateTo`) must not come before its lower end (`dueDateFrom`):
 * such a range is a mistake, answered 400 naming this field rather than an empty page.
 * Compares `YYYY-MM-DD` dates (or any fixed-width text) as text.
 */
export function NotBefore(fromField: string, validation?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'notBefore',
      constraints: [fromField],
      validator: {
        validate: (value: unknown, args) => {
          const from = (args?.object as Record<string, unknown> | undefined)?.[fromField];
          return typeof value !== 'string' || typeof from !== 'string' || from <= value;
        },
        defaultMessage: () => `must not be before ${fromField}`,
      },
    },
    validation,
  );
}
