import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

// openapi-typescript loads ES modules Jest cannot require: the files are generated in a process of
// their own, by the same script as `npm run openapi:write`.
const workspaceRoot = path.resolve(__dirname, '../../../..');
const openApiDir = 'docs/openapi';
const services = ['invoicing', 'payments', 'collections', 'disputes', 'ledger'];
const run = promisify(execFile);

jest.setTimeout(180_000);

const regenerate =
  'run `npm run openapi:write` and commit the result (after a merge that changed routes, DTOs or views too)';

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  'x-required-roles'?: string[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  parameters?: Array<{ name: string; in: string; schema?: object }>;
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: object }> };
};

describe('the OpenAPI documents (docs/openapi): generated from the code, never hand-kept', () => {
  const documents = new Map<string, object>(
    services.map((service) => [
      service,
      JSON.parse(
        fs.readFileSync(path.join(workspaceRoot, openApiDir, `${service}.json`), 'utf8'),
      ) as object,
    ]),
  );

  const operationsOf = (document: object) =>
    Object.entries((document as Document).paths).flatMap(([route, item]) =>
      Object.entries(item).map(([method, operation]) => ({ route, method, operation })),
    );

  it('are committed as the code generates them (documents and client types)', async () => {
    const { stdout } = await run(
      process.execPath,
      ['-r', '@swc-node/register', 'apps/server/src/openapi/write-openapi.ts', '--check'],
      { cwd: workspaceRoot, maxBuffer: 64 * 1024 * 1024 },
    );
    const { files, stale } = JSON.parse(stdout) as { files: string[]; stale: string[] };
    if (stale.length > 0) throw new Error(`Stale: ${stale.join(', ')}: ${regenerate}`);
    const written = fs.readdirSync(path.join(workspaceRoot, openApiDir));
    expect(written.map((f) => `${openApiDir}/${f}`).sort()).toEqual(
      files.filter((f) => f.startsWith(`${openApiDir}/`)).sort(),
    );
  });

  it('give every operation its contract: a chosen id, a summary and the roles it needs', () => {
    const missing = [...documents.values()]
      .flatMap(operationsOf)
      .filter(
        ({ operation }) =>
          !/^[a-z][A-Za-z]+$/.test(operation.operationId ?? '') ||
          !operation['x-required-roles']?.length ||
          !operation.description?.includes('Roles: '),
      )
      .map(({ method, route }) => `${method.toUpperCase()} ${route}`);
    if (missing.length > 0) {
      throw new Error(`Give these routes an @ApiContract({ operationId, summary }): ${missing}`);
    }
  });

  it('describe every request body and parameter with its fields, and only the problems each route can answer', () => {
    const invoicing = documents.get('invoicing') as Document;
    const draft = invoicing.paths['/invoicing/invoices']?.['post'];
    expect(draft?.operationId).toBe('draftInvoice');
    expect(draft?.['x-required-roles']).toEqual(['billing-clerk', 'billing-manager']);
    const dto = invoicing.components.schemas['DraftInvoiceDto'];
    expect(dto).toMatchObject({
      required: ['billingAccountId', 'currency', 'lines'],
      properties: {
        billingAccountId: { type: 'string', format: 'uuid' },
        currency: { type: 'string', pattern: '^[A-Z]{3}$', example: 'EUR' },
        lines: { type: 'array', minItems: 1, maxItems: 500 },
      },
    });
    const issue = invoicing.paths['/invoicing/invoices/{id}/issue']?.['post'];
    expect(issue?.parameters).toContainEqual(
      expect.objectContaining({
        name: 'id',
        in: 'path',
        schema: expect.objectContaining({ format: 'uuid' }),
      }),
    );
    // It takes a body (an optional issueDate): too large (413) and not JSON (415) too.
    expect(Object.keys(issue?.responses ?? {})).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '413',
      '415',
      '422',
      '500',
    ]);
    expect(issue?.responses['404']?.content?.['application/problem+json']?.schema).toEqual({
      $ref: '#/components/schemas/ProblemDetails',
    });
    // A read taking no input cannot be refused as invalid, nor conflict with anything.
    const versions = (documents.get('ledger') as Document).paths['/ledger/projections']?.['get'];
    expect(Object.keys(versions?.responses ?? {})).toEqual(['200', '401', '403', '500']);
    expect(versions?.['x-required-roles']).toContain('auditor');

    for (const [prefix, document] of documents) {
      for (const { route, method, operation } of operationsOf(document)) {
        const ref = operation.requestBody?.content['application/json']?.schema.$ref;
        if (ref) {
          const schema = (document as Document).components.schemas[ref.split('/').pop() ?? ''];
          expect([prefix, route, method, Object.keys(schema?.properties ?? {}).length > 0]).toEqual(
            [prefix, route, method, true],
          );
        }
        for (const name of route.match(/\{(\w+)\}/g) ?? []) {
          const declared = operation.parameters?.some(
            (p) => p.in === 'path' && `{${p.name}}` === name,
          );
          expect([route, name, declared]).toEqual([route, name, true]);
        }
      }
    }
  });

  it('describe every success answer with its fields (a view class on each @ApiContract)', () => {
    type Schema = {
      $ref?: string;
      properties?: object;
      type?: string;
      items?: Schema;
      oneOf?: Schema[];
    };
    const undescribed: string[] = [];
    for (const [prefix, document] of documents) {
      const { schemas } = (document as Document).components;
      const resolve = (schema: Schema | undefined): Schema | undefined =>
        schema?.$ref ? (schemas[schema.$ref.split('/').pop() ?? ''] as Schema) : schema;
      // An object with fields, a list of described items, or one of several described shapes.
      const described = (given: Schema | undefined): boolean => {
        const schema = resolve(given);
        if (schema === undefined) return false;
        if (schema.oneOf) return schema.oneOf.length > 0 && schema.oneOf.every(described);
        if (schema.type === 'array') return described(schema.items);
        return Object.keys(schema.properties ?? {}).length > 0;
      };
      for (const { route, method, operation } of operationsOf(document)) {
        const answers = Object.entries(operation.responses).filter(([status]) =>
          status.startsWith('2'),
        );
        // A document answer (a PDF) is described by its media type and a binary string.
        const isDocument = (schema: Schema | undefined) =>
          schema?.type === 'string' && (schema as { format?: string }).format === 'binary';
        const ok = answers.some(
          ([, answer]) =>
            described(answer.content?.['application/json']?.schema as Schema | undefined) ||
            isDocument(answer.content?.['application/pdf']?.schema as Schema | undefined),
        );
        if (!ok) undescribed.push(`${prefix} ${operation.operationId} (${method} ${route})`);
      }
    }
    expect(undescribed).toEqual([]);
  });

  it("pass Redocly's recommended rules with no error", async () => {
    const redocly = path.join(workspaceRoot, 'node_modules/.bin/redocly');
    const errors: string[] = [];
    let total = 0;
    for (const service of services) {
      const { stdout } = await run(
        redocly,
        ['lint', '--extends=recommended', '--format=json', `${openApiDir}/${service}.json`],
        { cwd: workspaceRoot, maxBuffer: 64 * 1024 * 1024 },
        // Redocly exits 1 when it finds errors; its report is still on stdout.
      ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
      const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
        totals: { errors: number };
        problems: Array<{ ruleId: string; severity: string; message: string }>;
      };
      errors.push(
        ...report.problems
          .filter((p) => p.severity === 'error')
          .map((p) => `${service}: ${p.ruleId}: ${p.message}`),
      );
      total += report.totals.errors;
    }
    expect({ total, errors }).toEqual({ total: 0, errors: [] });
  });
});
