import type { ValidationOptions } from 'class-validator';

/**
 * What a rule says to a reader of the OpenAPI document beyond what class-validator's own metadata
 * tells (a format, an example): set by the platform's rules (`IsDecimalAmount`, `IsRecordId`...)
 * beside their checks, so the document follows the rule wherever it is used.
 */
export interface SchemaHint {
  format?: string;
  example?: unknown;
  description?: string;
  pattern?: string;
  type?: string;
}

const schemaHintMetadata = 'billing:schema-hint';

/** Adds `hint` to the property's schema (to its items when the rule validates `each` item). */
export function SchemaHint(hint: SchemaHint, validation?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) => {
    const key = validation?.each ? 'items' : 'value';
    const hints = schemaHintsOf(target, propertyKey);
    Reflect.defineMetadata(
      schemaHintMetadata,
      { ...hints, [key]: { ...hints[key], ...hint } },
      target,
      propertyKey,
    );
  };
}

export function schemaHintsOf(
  target: object,
  propertyKey: string | symbol,
): { value?: SchemaHint; items?: SchemaHint } {
  return (
    (Reflect.getOwnMetadata(schemaHintMetadata, target, propertyKey) as
      { value?: SchemaHint; items?: SchemaHint } | undefined) ?? {}
  );
}
