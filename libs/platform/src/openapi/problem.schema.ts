import { problemContentType } from '../errors/problem';

/** ProblemDetails as an OpenAPI schema, referenced by every error response. */
export const problemDetailsSchema = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri', example: 'https://billing.example/problems/validation' },
    title: { type: 'string', example: 'Invalid request' },
    status: { type: 'integer', example: 400 },
    detail: { type: 'string' },
    instance: { type: 'string', example: '/invoicing/invoices' },
    correlationId: { type: 'string' },
    code: { type: 'string', description: 'Stable machine-readable code of a business rule' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'reason'],
        properties: {
          field: { type: 'string', example: 'lines[0].quantity' },
          reason: { type: 'string', example: 'must be a decimal string such as "120.50"' },
        },
      },
    },
  },
} as const;

const errorStatuses: Record<string, string> = {
  '400': 'Invalid request (validation, malformed JSON, missing Idempotency-Key)',
  '401': 'Missing or invalid bearer token',
  '403': 'Roles do not allow this operation',
  '404': 'Not found',
  '409': 'Conflict (concurrent change, request with this Idempotency-Key still in progress)',
  '413': 'Request body too large',
  '422': 'Refused by a business rule, or Idempotency-Key reused for another request',
  '500': 'Unexpected error (quote the correlationId)',
};

interface Operation {
  responses?: Record<string, unknown>;
  parameters?: Array<Record<string, unknown>>;
}

/** Adds the problem responses (and the Idempotency-Key header on commands) to every operation. */
export function describeProblems(document: {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown> };
}): void {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas['ProblemDetails'] = problemDetailsSchema;
  const content = {
    [problemContentType]: { schema: { $ref: '#/components/schemas/ProblemDetails' } },
  };
  for (const item of Object.values(document.paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete', 'head'].includes(method)) continue;
      const operation = value as Operation;
      operation.responses ??= {};
      for (const [status, description] of Object.entries(errorStatuses)) {
        operation.responses[status] ??= { description, content };
      }
      if (method !== 'get' && method !== 'head') {
        operation.parameters ??= [];
        if (
          !operation.parameters.some((p) => String(p['name']).toLowerCase() === 'idempotency-key')
        ) {
          operation.parameters.push({
            name: 'Idempotency-Key',
            in: 'header',
            required: true,
            description:
              'A unique key per command (e.g. a UUID); send the same key when retrying it.',
            schema: { type: 'string', maxLength: 255 },
          });
        }
      }
    }
  }
}
