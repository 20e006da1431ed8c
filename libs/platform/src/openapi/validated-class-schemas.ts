import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { schemaHintsOf, type SchemaHint } from './schema-hints';

// class-transformer keeps @Type in this storage and exports it from no typed entry point.
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: {
    findTypeMetadata(target: ClassType, name: string): { typeFunction(): unknown } | undefined;
  };
};

/**
 * The input classes (DTOs, path and query parameter classes) are described once, by their
 * class-validator rules: this turns those rules into what @nestjs/swagger reads for a property
 * (the metadata its CLI plugin would generate, which never runs under SWC). So a request body,
 * a path or a query parameter in the OpenAPI document is exactly what the validation pipe checks.
 */

/** The static method @nestjs/swagger calls for a class's property metadata (its plugin's name). */
const metadataFactoryName = '_OPENAPI_METADATA_FACTORY';

type PropertySchema = Record<string, unknown>;
/** A class, as class-validator and class-transformer key their metadata. */
type ClassType = abstract new (...args: never[]) => unknown;

interface Described {
  schema: PropertySchema;
  items: PropertySchema;
  required: boolean;
  array: boolean;
}

/** Gives every class with class-validator rules its OpenAPI property metadata (once per class). */
export function describeValidatedClasses(): void {
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<ClassType | string, ValidationMetadata[]>;
  };
  for (const [target, metadatas] of storage.validationMetadatas) {
    if (typeof target !== 'function' || Object.hasOwn(target, metadataFactoryName)) continue;
    const own = metadatas.filter((m) => m.target === target);
    Object.defineProperty(target, metadataFactoryName, {
      value: () => describeProperties(target, own),
      configurable: true,
    });
  }
}

function describeProperties(
  target: ClassType,
  metadatas: ValidationMetadata[],
): Record<string, PropertySchema> {
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const metadata of metadatas) {
    byProperty.set(metadata.propertyName, [
      ...(byProperty.get(metadata.propertyName) ?? []),
      metadata,
    ]);
  }
  const properties: Record<string, PropertySchema> = {};
  for (const [name, rules] of byProperty) {
    properties[name] = toSwaggerProperty(describeProperty(target, name, rules));
  }
  return properties;
}

function describeProperty(target: ClassType, name: string, rules: ValidationMetadata[]): Described {
  const designType: unknown = Reflect.getMetadata('design:type', target.prototype as object, name);
  const described: Described = {
    schema: {},
    items: {},
    required: true,
    array: designType === Array,
  };
  for (const rule of rules) applyRule(described, rule);
  const nested = defaultMetadataStorage.findTypeMetadata(target, name)?.typeFunction();
  const hints = schemaHintsOf(target.prototype as object, name);
  applyHint(described.array ? described.items : described.schema, hints.value);
  applyHint(described.items, hints.items);
  if (nested && !isBuiltIn(nested)) {
    // A function named `type` is what @nestjs/swagger resolves to the nested class's schema.
    (described.array ? described.items : described.schema)['type'] = { type: () => nested }.type;
  } else if (!described.schema['type'] && !described.array) {
    described.schema['type'] = primitiveOf(designType);
  }
  return described;
}

function toSwaggerProperty({ schema, items, required, array }: Described): PropertySchema {
  if (!array) return { required, ...schema };
  const { type: itemType, enum: itemEnum, ...itemRest } = items;
  const itemsSchema = Object.keys(itemRest).length > 0 ? { items: itemRest } : {};
  if (typeof itemType === 'function') {
    return { required, ...schema, type: () => [(itemType as () => unknown)()] };
  }
  return {
    required,
    ...schema,
    type: itemType ?? 'string',
    isArray: true,
    ...(itemEnum ? { enum: itemEnum } : {}),
    ...itemsSchema,
  };
}

/** One class-validator rule, as JSON Schema keywords on the value (or each item). */
function applyRule(described: Described, rule: ValidationMetadata): void {
  if (rule.type === 'conditionalValidation') {
    described.required = false; // @IsOptional, @ValidateIf: the field may be left out
    return;
  }
  if (rule.type === 'nestedValidation') return; // the nested class comes from @Type
  const name = rule.name ?? '';
  if (name === 'isArray') {
    described.array = true;
    return;
  }
  if (name === 'arrayMinSize' || name === 'arrayMaxSize') {
    described.schema[name === 'arrayMinSize' ? 'minItems' : 'maxItems'] = rule.constraints[0];
    return;
  }
  const target = rule.each && described.array ? described.items : described.schema;
  Object.assign(target, keywordsOf(name, rule.constraints ?? [], target));
}

function keywordsOf(name: string, constraints: unknown[], current: PropertySchema): PropertySchema {
  const [first] = constraints;
  switch (name) {
    case 'isString':
      return { type: 'string' };
    case 'isInt':
      return { type: 'integer' };
    case 'isNumber':
      return { type: 'number' };
    case 'isBoolean':
      return { type: 'boolean' };
    case 'isUuid':
      return { type: 'string', format: 'uuid' };
    case 'isEmail':
      return { type: 'string', format: 'email' };
    case 'isIn':
      return { enum: first as unknown[] };
    case 'isEnum':
      return { enum: Object.values(first as object) };
    case 'maxLength':
      return { maxLength: first };
    case 'minLength':
      return { minLength: first };
    case 'min':
      return { minimum: first };
    case 'max':
      return { maximum: first };
    case 'isNotBlank':
      return current['minLength'] === undefined ? { minLength: 1 } : {};
    case 'matches':
      // The first pattern is the shape; later ones (e.g. "above zero") narrow it in words.
      return current['pattern'] === undefined && first instanceof RegExp
        ? { pattern: first.source }
        : {};
    default:
      return {};
  }
}

function applyHint(schema: PropertySchema, hint: SchemaHint | undefined): void {
  if (!hint) return;
  for (const [key, value] of Object.entries(hint)) {
    if (value !== undefined) schema[key] = value;
  }
}

function isBuiltIn(type: unknown): boolean {
  return [String, Number, Boolean, Object, Array, Date].includes(type as never);
}

function primitiveOf(designType: unknown): string {
  if (designType === Number) return 'number';
  if (designType === Boolean) return 'boolean';
  return 'string';
}
