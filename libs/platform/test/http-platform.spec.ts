import request from 'supertest';
import { finishSlowRequest, startSampleApp, calls, type SampleApp } from './sample-app';

const customerId = '6f9619ff-8b86-4d01-b42d-00cf4fc964ff';
const validInvoice = {
  customerId,
  currency: 'EUR',
  description: 'October consulting',
  lines: [{ quantity: '2', unitPrice: '120.50' }],
};

let sample: SampleApp;
let clerk: string;
let auditor: string;
let agent: string;
let keyCounter = 0;
const newKey = () => `key-${Date.now()}-${(keyCounter += 1)}`;
const http = () => request(sample.app.getHttpServer());

beforeAll(async () => {
  sample = await startSampleApp();
  clerk = await sample.token(['billing-clerk']);
  auditor = await sample.token(['auditor'], 'auditor-1');
  agent = await sample.token(['collections-agent']);
});

afterAll(async () => {
  await sample.app.close();
});

async function waitForLog(
  matches: (line: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown> | undefined> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const line = sample.logs.find(matches);
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return undefined;
}

function expectProblem(
  res: request.Response,
  status: number,
  slug: string,
): Record<string, unknown> {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.text) as Record<string, unknown>;
  expect(body).toMatchObject({ type: `https://billing.example/problems/${slug}`, status });
  expect(typeof body['title']).toBe('string');
  expect(body['instance']).toEqual(expect.stringMatching(/^\//));
  expect(body['correlationId']).toBe(res.headers['x-correlation-id']);
  return body;
}

describe('authentication and roles', () => {
  it('refuses a request without a token with 401 problem and a WWW-Authenticate challenge', async () => {
    const res = await http().get('/invoicing/invoices/1');
    expectProblem(res, 401, 'unauthorized');
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('refuses a forged, expired or foreign-audience token with 401', async () => {
    const { mintToken } = await import('../src');
    const forged = await mintToken({
      sub: 'x',
      roles: ['billing-clerk'],
      secret: 'another-secret-of-at-least-32-characters!!',
      issuer: 'https://id.billing.example',
      audience: 'billing',
    });
    const otherAudience = await mintToken({
      sub: 'x',
      roles: ['billing-clerk'],
      secret: 'test-secret-that-is-at-least-32-characters-long',
      issuer: 'https://id.billing.example',
      audience: 'elsewhere',
    });
    for (const token of [forged, otherAudience, 'not.a.jwt']) {
      const res = await http().get('/invoicing/invoices/1').set('Authorization', `Bearer ${token}`);
      expectProblem(res, 401, 'unauthorized');
    }
  });

  it('says why a token was refused, so a newcomer knows what to fix', async () => {
    const { mintToken } = await import('../src');
    const otherSecret = await mintToken({
      sub: 'x',
      roles: ['billing-clerk'],
      secret: 'another-secret-of-at-least-32-characters!!',
      issuer: 'https://id.billing.example',
      audience: 'billing',
    });
    const signed = await http()
      .get('/invoicing/invoices/1')
      .set('Authorization', `Bearer ${otherSecret}`);
    expect(expectProblem(signed, 401, 'unauthorized')['detail']).toMatch(
      /signature does not match.*same DATA_DIR \(or JWT_SECRET\)/,
    );
    const garbage = await http().get('/invoicing/invoices/1').set('Authorization', 'Bearer a.b.c');
    expect(expectProblem(garbage, 401, 'unauthorized')['detail']).toMatch(
      /could not be read as a signed JWT/,
    );
  });

  it('refuses a role the route does not allow with 403', async () => {
    const res = await http().get('/invoicing/invoices/1').set('Authorization', `Bearer ${agent}`);
    expectProblem(res, 403, 'forbidden');
  });

  it('lets an auditor read anything but change nothing', async () => {
    const read = await http()
      .get('/invoicing/invoices/1')
      .set('Authorization', `Bearer ${auditor}`);
    expect(read.status).toBe(200);
    expect(read.body.actor).toEqual({ id: 'auditor-1', roles: ['auditor'] });

    const write = await http()
      .post('/invoicing/invoices')
      .set('Authorization', `Bearer ${auditor}`)
      .set('Idempotency-Key', newKey())
      .send(validInvoice);
    const body = expectProblem(write, 403, 'forbidden');
    expect(body['detail']).toMatch(/read-only/);
  });
});

describe('validation errors', () => {
  const post = (body: unknown) =>
    http()
      .post('/invoicing/invoices')
      .set('Authorization', `Bearer ${clerk}`)
      .set('Idempotency-Key', newKey())
      .send(body as object);

  it('names every offending field, nested ones by path', async () => {
    const res = await post({
      customerId: 'nope',
      currency: 'eur',
      lines: [
        { quantity: '1', unitPrice: '10.00' },
        { quantity: 1.5, unitPrice: '1e3' },
      ],
    });
    const body = expectProblem(res, 400, 'validation');
    const fields = (body['errors'] as Array<{ field: string; reason: string }>).map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['customerId', 'currency', 'lines[1].quantity', 'lines[1].unitPrice']),
    );
    expect(fields).not.toContain('lines[0].quantity');
    const reason = (body['errors'] as Array<{ field: string; reason: string }>).find(
      (e) => e.field === 'lines[1].quantity',
    );
    expect(reason?.reason).toMatch(/decimal string/);
  });

  it('refuses an unknown field, naming it', async () => {
    const res = await post({ ...validInvoice, discount: '10' });
    const body = expectProblem(res, 400, 'validation');
    expect(body['errors']).toEqual([{ field: 'discount', reason: 'should not exist' }]);
  });

  it('refuses free text over its bound with 400', async () => {
    const res = await post({ ...validInvoice, description: 'x'.repeat(1_001) });
    const body = expectProblem(res, 400, 'validation');
    expect(body['errors']).toEqual([
      { field: 'description', reason: 'must be at most 1000 characters' },
    ]);
  });

  it('answers malformed JSON with 400', async () => {
    const res = await http()
      .post('/invoicing/invoices')
      .set('Authorization', `Bearer ${clerk}`)
      .set('Idempotency-Key', newKey())
      .set('Content-Type', 'application/json')
      .send('{"customerId": ');
    expectProblem(res, 400, 'malformed-json');
  });

  it('refuses a command body that is not JSON with 415', async () => {
    const res = await http()
      .post('/invoicing/invoices')
      .set('Authorization', `Bearer ${clerk}`)
      .set('Idempotency-Key', newKey())
      .set('Content-Type', 'text/plain')
      .send('customerId=1');
    expectProblem(res, 415, 'unsupported-media-type');
  });

  it('answers a body over the 2 MiB limit with 413, not 500', async () => {
    const res = await post({ ...validInvoice, description: 'x'.repeat(3 * 1024 * 1024) });
    expectProblem(res, 413, 'payload-too-large');
  });

  it('hands the handler a DTO instance', async () => {
    const res = await post(validInvoice);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ lines: 1, isDto: true });
  });
});

describe('error mapping', () => {
  const post = (path: string) =>
    http()
      .post(path)
      .set('Authorization', `Bearer ${clerk}`)
      .set('Idempotency-Key', newKey())
      .send({});

  it('maps a conflicting DomainError to 409 with its code', async () => {
    const body = expectProblem(
      await post('/invoicing/invoices/1/issue'),
      409,
      'invoice-already-issued',
    );
    expect(body).toMatchObject({
      code: 'INVOICE_ALREADY_ISSUED',
      detail: 'The invoice was already issued.',
    });
  });

  it('maps an invalid DomainError to 422 with its field problems', async () => {
    const body = expectProblem(
      await post('/invoicing/invoices/1/void'),
      422,
      'invoice-not-voidable',
    );
    expect(body['errors']).toEqual([{ field: 'reason', reason: 'is required for a paid invoice' }]);
  });

  it('maps a MoneyError to 422 naming the field', async () => {
    const body = expectProblem(
      await post('/invoicing/invoices/1/price'),
      422,
      'money/currency-mismatch',
    );
    expect(body).toMatchObject({
      code: 'CURRENCY_MISMATCH',
      errors: [{ field: 'lines[1].unitPrice', reason: 'EUR and USD cannot be added.' }],
    });
  });

  it('maps a version conflict that survived retries to 409', async () => {
    const body = expectProblem(
      await post('/invoicing/invoices/1/race'),
      409,
      'concurrency-conflict',
    );
    expect(body['code']).toBe('CONCURRENCY_CONFLICT');
  });

  it('answers an unexpected error with a generic 500 and logs the cause', async () => {
    const res = await http()
      .get('/invoicing/invoices/1/boom')
      .set('Authorization', `Bearer ${clerk}`);
    const body = expectProblem(res, 500, 'internal');
    expect(res.text).not.toMatch(/hunter2|postgres|at .*\.ts/);
    const logged = sample.logs.find(
      (l) => l['message'] === 'unexpected error' && l['correlationId'] === body['correlationId'],
    );
    expect(logged).toBeDefined();
  });

  it('answers an unknown route with a 404 problem', async () => {
    const res = await http().get('/invoicing/nowhere').set('Authorization', `Bearer ${clerk}`);
    expectProblem(res, 404, 'not-found');
  });
});

describe('idempotency (in memory)', () => {
  it('refuses a command without an Idempotency-Key', async () => {
    const res = await http()
      .post('/invoicing/invoices')
      .set('Authorization', `Bearer ${clerk}`)
      .send(validInvoice);
    expectProblem(res, 400, 'idempotency-key-missing');
  });

  it('replays the first response to a retry without running the handler again', async () => {
    const key = newKey();
    const before = calls.created;
    const send = () =>
      http()
        .post('/invoicing/invoices')
        .set('Authorization', `Bearer ${clerk}`)
        .set('Idempotency-Key', key)
        .send(validInvoice);
    const first = await send();
    const retry = await send();
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['location']).toBe(first.headers['location']);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(calls.created).toBe(before + 1);
  });

  it('refuses the same key with a different body with 422', async () => {
    const key = newKey();
    const send = (body: object) =>
      http()
        .post('/invoicing/invoices')
        .set('Authorization', `Bearer ${clerk}`)
        .set('Idempotency-Key', key)
        .send(body);
    expect((await send(validInvoice)).status).toBe(201);
    expectProblem(await send({ ...validInvoice, currency: 'USD' }), 422, 'idempotency-key-reused');
  });

  it('answers a duplicate arriving while the first is in flight with 409', async () => {
    const key = newKey();
    const send = () =>
      http()
        .post('/invoicing/invoices/1/slow')
        .set('Authorization', `Bearer ${clerk}`)
        .set('Idempotency-Key', key)
        .send({});
    const first = send().then((r) => r);
    while (calls.slowStarted === 0) await new Promise((r) => setTimeout(r, 5));
    expectProblem(await send(), 409, 'idempotency-in-flight');
    finishSlowRequest();
    expect((await first).status).toBe(201);
    const replay = await send();
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(calls.slowStarted).toBe(1);
  });

  it('lets a retry run again after the first attempt failed', async () => {
    const key = newKey();
    const send = () =>
      http()
        .post('/invoicing/invoices/1/issue')
        .set('Authorization', `Bearer ${clerk}`)
        .set('Idempotency-Key', key)
        .send({});
    expect((await send()).status).toBe(409);
    const again = await send();
    expect(again.status).toBe(409);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
  });
});

describe('correlation ids and logs', () => {
  it('echoes the caller’s correlation id, hands it to the handler and logs the request', async () => {
    const res = await http()
      .get('/invoicing/invoices/42?email=jane@example.com')
      .set('Authorization', `Bearer ${clerk}`)
      .set('X-Correlation-Id', 'corr-abc-123');
    expect(res.status).toBe(200);
    expect(res.headers['x-correlation-id']).toBe('corr-abc-123');
    expect(res.body.correlationId).toBe('corr-abc-123');
    // The access line is written on the response's 'finish', which may trail the client by a tick.
    const line = await waitForLog(
      (l) => l['correlationId'] === 'corr-abc-123' && l['message'] === 'request completed',
    );
    expect(line).toMatchObject({
      service: 'invoicing',
      level: 'info',
      method: 'GET',
      path: '/invoicing/invoices/42',
      status: 200,
      actorId: 'user-1',
    });
    expect(typeof line?.['durationMs']).toBe('number');
  });

  it('makes a correlation id when the caller sends none', async () => {
    const res = await http().get('/health');
    expect(res.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never logs tokens, bodies or emails', async () => {
    const res = await http()
      .post('/invoicing/invoices')
      .set('Authorization', `Bearer ${clerk}`)
      .set('Idempotency-Key', newKey())
      .set('X-Correlation-Id', 'corr-secrets')
      .send({ ...validInvoice, description: 'contact jane@example.com' });
    expect(res.status).toBe(201);
    expect(await waitForLog((l) => l['correlationId'] === 'corr-secrets')).toBeDefined();
    const all = JSON.stringify(sample.logs);
    expect(all).not.toContain(clerk);
    expect(all).not.toContain('jane@example.com');
    expect(all).not.toContain('October consulting');
  });

  it('writes Nest’s own start-up messages as JSON', () => {
    expect(
      sample.logs.some(
        (l) =>
          l['component'] === 'nest' &&
          typeof l['context'] === 'string' &&
          typeof l['message'] === 'string',
      ),
    ).toBe(true);
  });
});

describe('health and docs', () => {
  it('answers /health without a token', async () => {
    const res = await http().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers each service’s own address with a short index of links, without a token', async () => {
    const res = await http().get('/invoicing');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      service: 'invoicing',
      title: 'Invoicing',
      links: {
        self: '/invoicing',
        docs: '/invoicing/docs',
        openapi: '/invoicing/docs-json',
        health: '/health',
        ready: '/ready',
      },
    });
    for (const link of Object.values(res.body.links as Record<string, string>))
      expect((await http().get(link)).status).toBe(200);
  });

  it('logs route mapping at debug, so the start banner is not buried', () => {
    const mapping = sample.logs.filter((l) => l['context'] === 'RouterExplorer');
    expect(mapping).toEqual([]);
  });

  it('answers /ready with every check when there are none failing', async () => {
    const res = await http().get('/ready');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ready');
  });

  it('serves one OpenAPI document per mounted service, with bearer auth and problem responses', async () => {
    const invoicing = await http().get('/invoicing/docs-json');
    expect(invoicing.status).toBe(200);
    const paths = Object.keys(invoicing.body.paths as object);
    expect(paths).toEqual(
      expect.arrayContaining(['/invoicing/invoices', '/invoicing/invoices/{id}']),
    );
    expect(paths.some((p) => p.startsWith('/payments'))).toBe(false);
    expect(invoicing.body.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    const post = invoicing.body.paths['/invoicing/invoices'].post;
    expect(post.responses['422'].content['application/problem+json'].schema.$ref).toBe(
      '#/components/schemas/ProblemDetails',
    );
    expect(post.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]),
    );

    const payments = await http().get('/payments/docs-json');
    expect(Object.keys(payments.body.paths as object)).toEqual(['/payments/receipts']);
    expect((await http().get('/invoicing/docs')).status).toBe(200);
  });
});
