import { createSecretKey, randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { Pool } from 'pg';
import request from 'supertest';
import { adminUrl } from '@billing/testing';
import { calls, database, secret, startSampleApp, type SampleApp } from './sample-app';

/** A unique tag of letters only: digits could read as a card number (13 digits of Date.now()). */
const randomTag = () =>
  randomBytes(6)
    .toString('hex')
    .replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)] ?? 'x');

jest.setTimeout(30_000);

// The strict edge on the platform's sample service: every hostile class is refused with a 4xx
// problem naming the field before the handler (or the idempotency fingerprint) sees it.

const validInvoice = {
  customerId: '6f9619ff-8b86-4d01-b42d-00cf4fc964ff',
  currency: 'EUR',
  description: 'October consulting',
  lines: [{ quantity: '2', unitPrice: '120.50' }],
};

let sample: SampleApp;
let clerk: string;
let pool: Pool;
let keyCounter = 0;
const newKey = () => `edge-${randomTag()}-${(keyCounter += 1)}`;
const http = () => request(sample.app.getHttpServer());

beforeAll(async () => {
  sample = await startSampleApp();
  clerk = await sample.token(['billing-clerk']);
  pool = new Pool({ connectionString: adminUrl(), max: 1 });
  database.query = (sql, params) => pool.query(sql, params);
});

afterAll(async () => {
  await sample.app.close();
  await pool.end();
});

/** A command sent as raw bytes, so the test controls exactly what reaches the parser. */
function postRaw(
  body: string | Buffer,
  contentType = 'application/json',
  path = '/invoicing/invoices',
) {
  return http()
    .post(path)
    .set('Authorization', `Bearer ${clerk}`)
    .set('Idempotency-Key', newKey())
    .set('Content-Type', contentType)
    .serialize((raw: unknown) => raw as string) // a Buffer goes out as its bytes, not as JSON
    .send(body);
}

interface Problem {
  type: string;
  status: number;
  errors?: Array<{ field: string; reason: string }>;
}

function problemOf(res: request.Response, status: number): Problem {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return JSON.parse(res.text) as Problem;
}

/** Refused with `status`, naming `field`, and the handler never ran. */
async function expectRefused(
  send: () => Promise<request.Response>,
  status: number,
  field: string,
  reason?: RegExp,
): Promise<Problem> {
  const before = calls.created;
  const problem = problemOf(await send(), status);
  expect(problem.errors?.map((e) => e.field)).toContain(field);
  if (reason) expect(problem.errors?.find((e) => e.field === field)?.reason).toMatch(reason);
  expect(calls.created).toBe(before);
  return problem;
}

describe('the strict edge', () => {
  it('refuses 5,000 levels of nesting with 400 naming where, not 500 from the fingerprint', async () => {
    const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    await expectRefused(() => postRaw(deep), 400, '[0]'.repeat(16), /deeper than 16/);
    await expectRefused(
      () => postRaw(`{"customerId":${deep}}`),
      400,
      `customerId${'[0]'.repeat(15)}`,
    );
  });

  it('answers a 10 MB body with 413 without reading it into a handler', async () => {
    const before = calls.created;
    const res = await postRaw(Buffer.alloc(10 * 1024 * 1024, 0x20));
    const problem = problemOf(res, 413);
    expect(problem.type).toMatch(/payload-too-large$/);
    expect(problem.errors).toEqual([
      { field: 'body', reason: 'is larger than this service accepts' },
    ]);
    expect(calls.created).toBe(before);
  });

  it('refuses NUL, other control characters and lone surrogates in any string', async () => {
    await expectRefused(
      () => postRaw(JSON.stringify({ ...validInvoice, description: 'a\u0000b' })),
      400,
      'description',
      /NUL/,
    );
    await expectRefused(
      () =>
        postRaw(
          '{"customerId":"6f9619ff-8b86-4d01-b42d-00cf4fc964ff","currency":"EUR","description":"\\ud800","lines":[]}',
        ),
      400,
      'description',
      /surrogate/,
    );
    await expectRefused(
      () =>
        postRaw(
          JSON.stringify({ ...validInvoice, lines: [{ quantity: '1\u001b', unitPrice: '1' }] }),
        ),
      400,
      'lines[0].quantity',
      /control/,
    );
  });

  it('refuses a body whose bytes are not UTF-8, naming the field that held them', async () => {
    const body = Buffer.concat([
      Buffer.from(
        '{"customerId":"6f9619ff-8b86-4d01-b42d-00cf4fc964ff","currency":"EUR","description":"caf',
      ),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('","lines":[{"quantity":"1","unitPrice":"1"}]}'),
    ]);
    await expectRefused(() => postRaw(body), 400, 'description', /UTF-8/);
  });

  it('refuses a charset other than UTF-8 with 415', async () => {
    const res = await postRaw(JSON.stringify(validInvoice), 'application/json; charset=latin1');
    expect(problemOf(res, 415).type).toMatch(/unsupported-media-type$/);
  });

  it('refuses __proto__, constructor and prototype keys, which JSON.parse makes own keys', async () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      await expectRefused(
        () =>
          postRaw(
            `{"${key}":{"isAdmin":true},"customerId":"6f9619ff-8b86-4d01-b42d-00cf4fc964ff","currency":"EUR","lines":[]}`,
          ),
        400,
        key,
        /should not exist/,
      );
    }
    await expectRefused(
      () =>
        postRaw(
          `{"customerId":"6f9619ff-8b86-4d01-b42d-00cf4fc964ff","currency":"EUR","lines":[{"__proto__":{"x":1},"quantity":"1","unitPrice":"1"}]}`,
        ),
      400,
      'lines[0].__proto__',
    );
  });

  it('refuses a card number in free text with 422 naming the field, and never logs it', async () => {
    for (const card of ['4111 1111 1111 1111', '4111-1111-1111-1111', '5555555555554444']) {
      const problem = await expectRefused(
        () => postRaw(JSON.stringify({ ...validInvoice, description: `paid by card ${card}` })),
        422,
        'description',
        /card number/,
      );
      expect(problem.type).toMatch(/card-number$/);
    }
    expect(JSON.stringify(sample.logs)).not.toMatch(/4111|5555555555554444/);
  });

  it('refuses blank free text and currencies that are not active ISO 4217 codes', async () => {
    await expectRefused(
      () => postRaw(JSON.stringify({ ...validInvoice, description: ' \t ' })),
      400,
      'description',
      /blank/,
    );
    for (const currency of ['XXX', 'ABC', 'XTS', 'XAU'])
      await expectRefused(
        () => postRaw(JSON.stringify({ ...validInvoice, currency })),
        400,
        'currency',
        /active ISO 4217/,
      );
  });

  it('refuses fields sent to an operation that takes no body, and still runs it with none', async () => {
    const issue = '/invoicing/invoices/6f9619ff-8b86-4d01-b42d-00cf4fc964ff/issue';
    const refused = await postRaw(JSON.stringify({ issueDate: '2026-03-02' }), undefined, issue);
    expect(problemOf(refused, 400).errors).toEqual([
      { field: 'issueDate', reason: 'is not expected: this operation takes no body' },
    ]);
    expect(problemOf(await postRaw('[1]', undefined, issue), 400).errors?.[0]?.field).toBe('body');
    // With no fields the handler runs (the sample's issue answers 409 already issued).
    expect((await postRaw('{}', undefined, issue)).status).toBe(409);
  });

  it('refuses amounts with more than 12 digits before the point: overflow traps and card numbers', async () => {
    for (const unitPrice of [
      '12345678901234567890',
      '4111111111111111',
      '378282246310005',
      '1000000000000.00',
    ])
      await expectRefused(
        () => postRaw(JSON.stringify({ ...validInvoice, lines: [{ quantity: '1', unitPrice }] })),
        400,
        'lines[0].unitPrice',
        /at most 12 digits before the point/,
      );
    const res = await postRaw(
      JSON.stringify({
        ...validInvoice,
        lines: [{ quantity: '1', unitPrice: '999999999999.99' }],
      }),
    );
    expect(res.status).toBe(201);
  });

  it('refuses hostile query values too', async () => {
    const res = await http()
      .get('/invoicing/invoices/1?owner=a%00b')
      .set('Authorization', `Bearer ${clerk}`);
    expect(problemOf(res, 400).errors).toEqual([
      { field: 'owner', reason: 'must not contain the NUL character' },
    ]);
    const notUtf8 = await http()
      .get('/invoicing/invoices/1?owner=caf%C3%28&status=ok')
      .set('Authorization', `Bearer ${clerk}`);
    expect(problemOf(notUtf8, 400).errors).toEqual([
      { field: 'owner', reason: expect.stringMatching(/UTF-8/) },
    ]);
    const fine = await http()
      .get('/invoicing/invoices/1?owner=caf%C3%A9')
      .set('Authorization', `Bearer ${clerk}`);
    expect(fine.status).toBe(200);
  });

  it('still accepts an ordinary command with line breaks and non-ASCII text', async () => {
    const res = await postRaw(
      JSON.stringify({ ...validInvoice, description: 'Beratung für Müller & Søn\nZeile 2 😀' }),
    );
    expect(res.status).toBe(201);
  });
});

describe('security headers', () => {
  it('sends nosniff and no-store on answers, errors and probes alike', async () => {
    const answers = [
      await http().get('/invoicing/invoices/1').set('Authorization', `Bearer ${clerk}`),
      await http().get('/invoicing/invoices/1'),
      await http().get('/invoicing/nowhere').set('Authorization', `Bearer ${clerk}`),
      await postRaw('{"broken":'),
      await http().get('/health'),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 404, 400, 200]);
    for (const res of answers) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });
});

describe('tokens', () => {
  const now = () => Math.floor(Date.now() / 1_000);
  const signed = (iat: number, exp: number) =>
    new SignJWT({ roles: ['billing-clerk'] })
      .setSubject('clerk-9')
      .setIssuer('https://id.billing.example')
      .setAudience('billing')
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(createSecretKey(Buffer.from(secret, 'utf8')));

  it('refuses a token valid for 100 years and one issued a year ahead with 401', async () => {
    const year = 365 * 86_400;
    for (const token of [
      await signed(now(), now() + 100 * year),
      await signed(now() + year, now() + year + 3_600),
    ]) {
      const before = calls.created;
      const res = await http()
        .post('/invoicing/invoices')
        .set('Authorization', `Bearer ${token}`)
        .set('Idempotency-Key', newKey())
        .send(validInvoice);
      expect(problemOf(res, 401).type).toMatch(/unauthorized$/);
      expect(calls.created).toBe(before);
    }
  });
});

describe('logs carry no payloads', () => {
  it("logs a database error's code, never the event JSON PostgreSQL quotes in its context", async () => {
    const email = `zebulon.quist.${randomTag()}@example.org`;
    const res = await http()
      .post('/invoicing/invoices/1/notes')
      .set('Authorization', `Bearer ${clerk}`)
      .set('Idempotency-Key', newKey())
      .set('X-Correlation-Id', 'corr-pg-context')
      .send({ note: `Zebulon Quist Ltd, ${email}` });
    expect(problemOf(res, 500).type).toMatch(/internal$/);
    let logged: Record<string, unknown> | undefined;
    for (let i = 0; i < 50 && !logged; i += 1) {
      logged = sample.logs.find(
        (l) => l['message'] === 'unexpected error' && l['correlationId'] === 'corr-pg-context',
      );
      if (!logged) await new Promise((r) => setTimeout(r, 10));
    }
    // The error really came from PostgreSQL with the document in its context...
    expect(logged?.['err']).toMatchObject({
      code: '22P05',
      message: 'unsupported Unicode escape sequence',
    });
    // ...and no line written carries the document, the name or the email.
    const all = JSON.stringify(sample.logs);
    expect(all).not.toContain(email);
    expect(all).not.toContain('Zebulon');
    expect(all).not.toContain('JSON data');
  });
});
