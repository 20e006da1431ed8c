import { getMetadataStorage } from 'class-validator';

/** class-transformer's @Type registry (its storage module ships without types). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: {
    findTypeMetadata(target: unknown, property: string): { typeFunction(): unknown } | undefined;
  };
};
import type { JsonSchema } from './openapi-operations';

type Metadata = {
  type: string;
  name?: string;
  propertyName: string;
  each?: boolean;
  constraints?: unknown[];
};
type Target = abstract new (...args: never[]) => unknown;

/**
 * The services' OpenAPI documents name each request body's DTO but describe none of its fields
 * (the DTOs carry class-validator decorators, not @ApiProperty). In the suite's process the
 * validators' own metadata is at hand, so a body's fields come from there: the same rules the
 * edge enforces, read by the DTO's name.
 */
export function dtoSchemaOf(name: string): JsonSchema | undefined {
  const target = targets().get(name);
  return target ? schemaOf(target, 0) : undefined;
}

function targets(): Map<string, Target> {
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<Target, Metadata[]>;
  };
  const byName = new Map<string, Target>();
  for (const target of storage.validationMetadatas.keys())
    if (typeof target === 'function' && target.name) byName.set(target.name, target);
  return byName;
}

function metadatasOf(target: Target): Metadata[] {
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<unknown, Metadata[]>;
  };
  const out: Metadata[] = [];
  for (let t: unknown = target; t && t !== Function.prototype; t = Object.getPrototypeOf(t))
    out.push(...(storage.validationMetadatas.get(t) ?? []));
  return out;
}

function schemaOf(target: Target, depth: number): JsonSchema {
  if (depth > 6) return { type: 'object', properties: {} };
  const byProperty = new Map<string, Metadata[]>();
  for (const m of metadatasOf(target))
    byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [property, metadatas] of byProperty) {
    properties[property] = propertySchema(target, property, metadatas, depth);
    if (!metadatas.some((m) => m.type === 'conditionalValidation')) required.push(property);
  }
  return { type: 'object', properties, required };
}

function propertySchema(
  target: Target,
  property: string,
  metadatas: Metadata[],
  depth: number,
): JsonSchema {
  const names = new Set<string>(metadatas.map((m) => m.name ?? m.type));
  const isArray = names.has('isArray') || metadatas.some((m) => m.each);
  if (metadatas.some((m) => m.type === 'nestedValidation')) {
    const typeMetadata = defaultMetadataStorage.findTypeMetadata(target as never, property);
    const nested = typeMetadata?.typeFunction() as Target | undefined;
    const item = nested ? schemaOf(nested, depth + 1) : { type: 'object', properties: {} };
    return isArray ? { type: 'array', items: item } : item;
  }
  const scalar = scalarSchema(names, metadatas);
  return isArray ? { type: 'array', items: scalar } : scalar;
}

function scalarSchema(names: Set<string>, metadatas: Metadata[]): JsonSchema {
  const isIn = metadatas.find((m) => m.name === 'isIn');
  if (isIn) return { type: 'string', enum: (isIn.constraints?.[0] as unknown[]) ?? [] };
  if (names.has('isUuid')) return { type: 'string', format: 'uuid' };
  if (names.has('isInt') || names.has('isNumber') || names.has('min') || names.has('max'))
    return { type: 'integer' };
  if (names.has('isBoolean')) return { type: 'boolean' };
  if (names.has('isIso8601') || names.has('isDateString'))
    return { type: 'string', format: 'date-time' };
  return { type: 'string' };
}
