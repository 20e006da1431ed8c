import { problemContentType } from '../errors/problem';
import { errorStatusDescriptions, errorStatusesOf } from './error-statuses';

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

/** The body of every error response: a ProblemDetails as application/problem+json. */
export const problemResponseContent = {
  [problemContentType]: { schema: { $ref: '#/components/schemas/ProblemDetails' } },
};

interface Operation {
  operationId?: string;
  summary?: string;
  requestBody?: unknown;
  responses?: Record<string, { description?: string; content?: unknown }>;
  parameters?: Array<Record<string, unknown>>;
}

const httpMethods = ['get', 'post', 'put', 'patch', 'delete', 'head'];

/**
 * Completes every operation: the ProblemDetails schema on its error responses, and the
 * Idempotency-Key header on commands. A route without `@ApiContract` (a new one) still gets a
 * summary, a described success answer and the problems its shape allows, so the document stays
 * valid until it is given its contract.
 */
export function describeProblems(document: {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown> };
}): void {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas['ProblemDetails'] = problemDetailsSchema;
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!httpMethods.includes(method)) continue;
      completeOperation(path, method, value as Operation);
    }
  }
}

function completeOperation(path: string, method: string, operation: Operation): void {
  operation.summary ??= sentenceOf(operation.operationId ?? `${method} ${path}`);
  const responses = (operation.responses ??= {});
  for (const response of Object.values(responses)) {
    if (!response.description) response.description = operation.summary;
  }
  const statuses = Object.keys(responses).map(Number);
  if (!statuses.some((status) => status >= 400)) {
    const shape = {
      method,
      pathParameters: path.includes('{'),
      body: operation.requestBody !== undefined,
      query: (operation.parameters ?? []).some((p) => p['in'] === 'query'),
    };
    for (const status of errorStatusesOf(shape)) {
      responses[String(status)] = { description: errorStatusDescriptions[status] ?? 'Problem' };
    }
  }
  for (const [status, response] of Object.entries(responses)) {
    if (Number(status) >= 400) response.content = problemResponseContent;
  }
  if (method !== 'get' && method !== 'head') addIdempotencyKey(operation);
}

function addIdempotencyKey(operation: Operation): void {
  operation.parameters ??= [];
  if (operation.parameters.some((p) => String(p['name']).toLowerCase() === 'idempotency-key')) {
    return;
  }
  operation.parameters.push({
    name: 'Idempotency-Key',
    in: 'header',
    required: true,
    description: 'A unique key per command (e.g. a UUID); send the same key when retrying it.',
    schema: { type: 'string', maxLength: 255 },
  });
}

/** `issueInvoice` -> `Issue invoice`: a summary for a route that has none yet. */
function sentenceOf(operationId: string): string {
  const words = operationId
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
