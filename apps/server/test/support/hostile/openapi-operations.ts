/** The operations of the services' OpenAPI documents, resolved enough to build requests from. */

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  minItems?: number;
  pattern?: string;
  example?: unknown;
  [key: string]: unknown;
};

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

interface OperationObject {
  operationId?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export interface Operation {
  service: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** As documented, e.g. `/invoicing/invoices/{id}/issue`. */
  path: string;
  pathParams: string[];
  queryParams: Array<{ name: string; required: boolean; schema: JsonSchema }>;
  /** The request body's schema with every `$ref` resolved, or undefined for no body. */
  body: JsonSchema | undefined;
  /** A command changes state (anything but GET); a query only reads. */
  kind: 'command' | 'query';
}

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every operation of one service's document; health and docs routes are not the API. */
export function operationsOf(
  service: string,
  doc: OpenApiDocument,
  dtoSchemaOf: (name: string) => JsonSchema | undefined = () => undefined,
): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of methods) {
      const op = item[method];
      if (!op) continue;
      const parameters = op.parameters ?? [];
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      operations.push({
        service,
        method,
        path,
        // From the template too: a route whose parameters the document omits is still attacked.
        pathParams: [
          ...new Set([
            ...parameters.filter((p) => p.in === 'path').map((p) => p.name),
            ...[...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string),
          ]),
        ],
        queryParams: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({
            name: p.name,
            required: p.required ?? false,
            schema: resolve(doc, p.schema ?? {}),
          })),
        body: bodySchema ? bodyOf(doc, bodySchema, dtoSchemaOf) : undefined,
        kind: method === 'get' ? 'query' : 'command',
      });
    }
  }
  return operations;
}

/** The body's schema: as documented, or, where the document lists no fields, the DTO's own. */
function bodyOf(
  doc: OpenApiDocument,
  schema: JsonSchema,
  dtoSchemaOf: (name: string) => JsonSchema | undefined,
): JsonSchema {
  const resolved = resolve(doc, schema);
  if (Object.keys(resolved.properties ?? {}).length > 0 || !schema.$ref) return resolved;
  return dtoSchemaOf(schema.$ref.split('/').pop() ?? '') ?? resolved;
}

/** The schema with `$ref`s and `allOf` replaced by what they point to (bounded depth). */
function resolve(doc: OpenApiDocument, schema: JsonSchema, depth = 0): JsonSchema {
  if (depth > 12) return {};
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop() ?? '';
    return resolve(doc, doc.components?.schemas?.[name] ?? {}, depth + 1);
  }
  let out: JsonSchema = { ...schema };
  if (schema.allOf) {
    for (const part of schema.allOf) {
      const resolved = resolve(doc, part, depth + 1);
      out = {
        ...out,
        ...resolved,
        properties: { ...(out.properties ?? {}), ...(resolved.properties ?? {}) },
        required: [...(out.required ?? []), ...(resolved.required ?? [])],
      };
    }
    delete out.allOf;
  }
  if (out.properties)
    out.properties = Object.fromEntries(
      Object.entries(out.properties).map(([k, v]) => [k, resolve(doc, v, depth + 1)]),
    );
  if (out.items) out.items = resolve(doc, out.items, depth + 1);
  for (const key of ['oneOf', 'anyOf'] as const)
    if (out[key]) out[key] = out[key]!.map((s) => resolve(doc, s, depth + 1));
  return out;
}
