import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/**
 * The vocabulary of answer ("view") classes: each field of a view says its OpenAPI type, format
 * and example once, and the function building the answer is typed with the class, so the compiler
 * keeps the two the same (a field added to one and not the other does not compile).
 */
interface FieldOptions {
  description?: string;
  /** The field is present with `null` (not issued yet, not known). */
  nullable?: boolean;
  /** The field may be left out of the answer. */
  optional?: boolean;
  example?: unknown;
}

const property = (schema: Record<string, unknown>, options: FieldOptions = {}) =>
  ApiProperty({
    ...schema,
    ...(options.description ? { description: options.description } : {}),
    ...(options.example !== undefined ? { example: options.example } : {}),
    ...(options.nullable ? { nullable: true } : {}),
    required: !options.optional,
  });

/** @nestjs/swagger takes a function named `type` for a class it must resolve later. */
function lazy(resolve: () => Type<unknown>): () => Type<unknown> {
  const holder = { type: () => resolve() };
  return holder.type;
}

export const ViewField = {
  id: (options?: FieldOptions) =>
    property(
      { type: 'string', format: 'uuid', example: '0b6f4a52-8d0e-4f5b-9a3e-2f1c7d9e6a41' },
      options,
    ),
  text: (options?: FieldOptions) => property({ type: 'string' }, options),
  /** A money amount or other decimal as a string, never a JSON number. */
  amount: (options?: FieldOptions) =>
    property({ type: 'string', pattern: '^-?\\d+(\\.\\d+)?$', example: '120.50' }, options),
  currency: (options?: FieldOptions) =>
    property({ type: 'string', pattern: '^[A-Z]{3}$', example: 'EUR' }, options),
  /** A business date `YYYY-MM-DD`. */
  date: (options?: FieldOptions) =>
    property({ type: 'string', format: 'date', example: '2026-03-02' }, options),
  instant: (options?: FieldOptions) =>
    property({ type: 'string', format: 'date-time', example: '2026-03-02T09:00:00.000Z' }, options),
  integer: (options?: FieldOptions) => property({ type: 'integer', example: 30 }, options),
  boolean: (options?: FieldOptions) => property({ type: 'boolean' }, options),
  oneOf: (values: readonly string[], options?: FieldOptions) =>
    property({ type: 'string', enum: [...values], example: values[0] }, options),
  /** A list of values, each one of `values`. */
  oneOfEach: (values: readonly string[], options?: FieldOptions) =>
    property({ type: 'string', enum: [...values], isArray: true }, options),
  texts: (options?: FieldOptions) => property({ type: 'string', isArray: true }, options),
  /** A free-form object (described in words). */
  object: (options?: FieldOptions) =>
    property({ type: 'object', additionalProperties: true }, options),
  nested: (type: () => Type<unknown>, options?: FieldOptions) =>
    property({ type: lazy(type) }, options),
  list: (type: () => Type<unknown>, options?: FieldOptions) =>
    property({ type: lazy(type), isArray: true }, options),
};
