import { createSecretKey, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import request from 'supertest';
import { createCollectionsModule, collectionsMigrations } from '@billing/collections-service';
import { createDisputesModule, disputesMigrations } from '@billing/disputes-service';
import { createInvoicingModule, invoicingMigrations } from '@billing/invoicing-service';
import { createPaymentsModule, paymentsMigrations } from '@billing/payments-service';
import { startServiceTestApp, type ServiceTestApp } from '@billing/service-testing';

/** A unique tag of letters only: digits could read as a card number (13 digits of Date.now()). */
const randomTag = () =>
  randomBytes(6)
    .toString('hex')
    .replace(/[0-9]/g, (d) => 'ghijklmnop'[Number(d)] ?? 'x');

// Every hostile class the security review found, sent to the real command routes of invoicing,
// payments, collections and disputes (each on its own throw-away PostgreSQL database): each is a
// 4xx application/problem+json naming the field, and the store's head does not move.

jest.setTimeout(180_000);

type Service = 'invoicing' | 'payments' | 'collections' | 'disputes';
const apps = {} as Record<Service, ServiceTestApp>;
const logs: string[] = [];
const tokens = {} as Record<Service, string>;
const nil = '00000000-0000-0000-0000-000000000000';
const card = '4111 1111 1111 1111';

const account = {
  legalName: 'Acme Manufacturing Inc.',
  billingContactName: 'Jane Doe',
  email: 'ap@acme.example',
  address: { line1: '1 Main St', city: 'Springfield', postalCode: '62701', country: 'US' },
  country: 'US',
  taxId: '12-3456789',
  currency: 'USD',
  paymentTermsDays: 30,
  purchaseOrderRequired: false,
};
const invoice = {
  billingAccountId: randomUUID(),
  currency: 'USD',
  lines: [{ description: 'Consulting', quantity: '1', unitPrice: '100.00', taxRate: '0' }],
};
const payment = {
  billingAccountId: randomUUID(),
  amount: '100.00',
  currency: 'USD',
  method: 'bank_transfer',
  externalReference: 'BANK-REF-1',
  receivedDate: '2026-03-01',
};
const writeOff = {
  amount: '10.00',
  invoices: [{ invoiceId: randomUUID(), amount: '10.00' }],
  reason: 'customer insolvent',
};
const dispute = {
  invoiceId: randomUUID(),
  scope: 'whole',
  reasonCategory: 'duplicate_charge',
  customerStatement: 'We were charged twice.',
};

beforeAll(async () => {
  const start = (service: Service, createModule: never, migrations: never, title: string) =>
    startServiceTestApp({
      context: service,
      title,
      migrations,
      createModule,
      databasePrefix: `edge_${service}`,
      logDestination: { write: (line) => void logs.push(line) },
    });
  [apps.invoicing, apps.payments, apps.collections, apps.disputes] = await Promise.all([
    start('invoicing', createInvoicingModule as never, invoicingMigrations as never, 'Invoicing'),
    start('payments', createPaymentsModule as never, paymentsMigrations as never, 'Payments'),
    start(
      'collections',
      createCollectionsModule as never,
      collectionsMigrations as never,
      'Collections',
    ),
    start('disputes', createDisputesModule as never, disputesMigrations as never, 'Disputes'),
  ]);
  tokens.invoicing = await apps.invoicing.token(['billing-manager'], 'manager-1');
  tokens.payments = await apps.payments.token(['billing-manager'], 'manager-1');
  tokens.collections = await apps.collections.token(['collections-agent'], 'agent-1');
  tokens.disputes = await apps.disputes.token(['billing-manager'], 'manager-1');
});

afterAll(async () => {
  await Promise.all(Object.values(apps).map((t) => t?.close()));
});

/**
 * The store's head, read from the table itself (every committed event, not only those the
 * safe-order reader already shows): how many events and the last global position.
 */
async function head(service: Service): Promise<string> {
  const { rows } = await apps[service].pool.query<{ n: string; last: string }>(
    'SELECT count(*)::text AS n, coalesce(max(global_position), 0)::text AS last FROM event_store.events',
  );
  return `${rows[0]?.n}@${rows[0]?.last}`;
}

function send(service: Service, path: string, body: string | Buffer, token = tokens[service]) {
  return request(apps[service].app.getHttpServer())
    .post(path)
    .set('Authorization', `Bearer ${token}`)
    .set('Idempotency-Key', randomUUID())
    .set('Content-Type', 'application/json')
    .serialize((raw: unknown) => raw as string) // Buffers go out as their bytes
    .send(body);
}

const json = (value: unknown) => JSON.stringify(value);
/** A JSON body with `text` spliced raw into it where `@@` stands, e.g. an escape JSON.stringify would not write. */
const raw = (template: unknown, text: string) => json(template).replace('"@@"', text);
const nonUtf8 = (template: unknown) => {
  const [before, after] = json(template).split('@@') as [string, string];
  return Buffer.concat([
    Buffer.from(before),
    Buffer.from([0x41, 0xff, 0xfe, 0x42]),
    Buffer.from(after),
  ]);
};

interface HostileCase {
  name: string;
  service: Service;
  path: string;
  body: string | Buffer;
  status: number;
  /** The field the problem names (`body` for the body as a whole). */
  field: string;
}

const accountPath = '/invoicing/billing-accounts';
const someId = randomUUID();
const cases: HostileCase[] = [
  {
    name: '[ x 5000 nesting',
    service: 'invoicing',
    path: accountPath,
    body: `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
    status: 400,
    field: '[0]'.repeat(16),
  },
  {
    name: '{"legalName": [ x 5000 }',
    service: 'invoicing',
    path: accountPath,
    body: `{"legalName":${'['.repeat(5_000)}${']'.repeat(5_000)}}`,
    status: 400,
    field: `legalName${'[0]'.repeat(15)}`,
  },
  {
    name: 'a 10 MB body',
    service: 'invoicing',
    path: accountPath,
    body: Buffer.alloc(10 * 1024 * 1024, 0x20),
    status: 413,
    field: 'body',
  },
  {
    name: 'NUL in legalName',
    service: 'invoicing',
    path: accountPath,
    body: json({ ...account, legalName: 'Acme\u0000 Inc.' }),
    status: 400,
    field: 'legalName',
  },
  {
    name: 'lone surrogate in billingContactName',
    service: 'invoicing',
    path: accountPath,
    body: raw({ ...account, billingContactName: '@@' }, '"Jane \\ud800"'),
    status: 400,
    field: 'billingContactName',
  },
  {
    name: 'invalid UTF-8 bytes in legalName',
    service: 'invoicing',
    path: accountPath,
    body: nonUtf8({ ...account, legalName: '@@' }),
    status: 400,
    field: 'legalName',
  },
  {
    name: '__proto__ key',
    service: 'invoicing',
    path: accountPath,
    body: `{"__proto__":{"admin":true},${json(account).slice(1)}`,
    status: 400,
    field: '__proto__',
  },
  {
    name: 'constructor key',
    service: 'invoicing',
    path: accountPath,
    body: `{"constructor":{"prototype":{}},${json(account).slice(1)}`,
    status: 400,
    field: 'constructor',
  },
  {
    name: 'nested __proto__ key',
    service: 'invoicing',
    path: accountPath,
    body: json({ ...account, address: '@@' }).replace(
      '"@@"',
      `{"__proto__":{"x":1},${json(account.address).slice(1)}`,
    ),
    status: 400,
    field: 'address.__proto__',
  },
  {
    name: 'nil UUID as the client-chosen id',
    service: 'invoicing',
    path: accountPath,
    body: json({ ...account, billingAccountId: nil }),
    status: 400,
    field: 'billingAccountId',
  },
  {
    name: 'currency XXX',
    service: 'invoicing',
    path: accountPath,
    body: json({ ...account, currency: 'XXX' }),
    status: 400,
    field: 'currency',
  },
  {
    name: 'currency ABC',
    service: 'invoicing',
    path: accountPath,
    body: json({ ...account, currency: 'ABC' }),
    status: 400,
    field: 'currency',
  },
  {
    name: 'whitespace-only legalName',
    service: 'invoicing',
    path: accountPath,
    body: json({ ...account, legalName: '   ' }),
    status: 400,
    field: 'legalName',
  },
  {
    name: 'whitespace-only billingContactName',
    service: 'invoicing',
    path: accountPath,
    body: json({ ...account, billingContactName: '\u00a0\u3000' }),
    status: 400,
    field: 'billingContactName',
  },
  {
    name: 'whitespace-only taxId',
    service: 'invoicing',
    path: accountPath,
    body: json({ ...account, taxId: ' ' }),
    status: 400,
    field: 'taxId',
  },
  {
    name: 'whitespace-only address line',
    service: 'invoicing',
    path: accountPath,
    body: json({ ...account, address: { ...account.address, line1: '\t ' } }),
    status: 400,
    field: 'address.line1',
  },
  {
    name: 'line break in a name',
    service: 'invoicing',
    path: accountPath,
    body: json({ ...account, legalName: 'Acme\nInc.' }),
    status: 400,
    field: 'legalName',
  },
  {
    name: 'card number in legalName',
    service: 'invoicing',
    path: accountPath,
    body: json({ ...account, legalName: `Acme ${card}` }),
    status: 422,
    field: 'legalName',
  },
  {
    name: 'lines: []',
    service: 'invoicing',
    path: '/invoicing/invoices',
    body: json({ ...invoice, lines: [] }),
    status: 400,
    field: 'lines',
  },
  {
    name: 'card number in an invoice memo',
    service: 'invoicing',
    path: '/invoicing/invoices',
    body: json({ ...invoice, memo: `paid with ${card}` }),
    status: 422,
    field: 'memo',
  },
  {
    name: 'an instant where a service date belongs',
    service: 'invoicing',
    path: '/invoicing/invoices',
    body: json({
      ...invoice,
      lines: [
        { ...invoice.lines[0], servicePeriod: { from: '2026-01-01T00:00:00', to: '2026-01-31' } },
      ],
    }),
    status: 400,
    field: 'lines[0].servicePeriod.from',
  },
  {
    name: 'NUL in a credit note memo',
    service: 'invoicing',
    path: `/invoicing/invoices/${someId}/credit-notes`,
    body: json({ scope: 'whole', reason: 'goodwill', memo: 'a\u0000b' }),
    status: 400,
    field: 'memo',
  },
  {
    name: 'card number in a credit note memo',
    service: 'invoicing',
    path: `/invoicing/invoices/${someId}/credit-notes`,
    body: json({ scope: 'whole', reason: 'goodwill', memo: card }),
    status: 422,
    field: 'memo',
  },
  {
    name: 'NUL in a void reason',
    service: 'invoicing',
    path: `/invoicing/invoices/${someId}/void`,
    body: json({ reason: 'a\u0000b' }),
    status: 400,
    field: 'reason',
  },
  {
    name: 'nil UUID in the path',
    service: 'invoicing',
    path: `/invoicing/invoices/${nil}/void`,
    body: json({ reason: 'duplicate' }),
    status: 400,
    field: 'id',
  },
  {
    name: 'NUL in a payment reference',
    service: 'payments',
    path: '/payments/payments',
    body: json({ ...payment, externalReference: 'REF\u0000' }),
    status: 400,
    field: 'externalReference',
  },
  {
    name: 'currency XXX on a payment',
    service: 'payments',
    path: '/payments/payments',
    body: json({ ...payment, currency: 'XXX' }),
    status: 400,
    field: 'currency',
  },
  {
    name: 'an instant where a received date belongs',
    service: 'payments',
    path: '/payments/payments',
    body: json({ ...payment, receivedDate: '2026-03-01T00:00:00' }),
    status: 400,
    field: 'receivedDate',
  },
  {
    name: 'nil UUID as the payment id',
    service: 'payments',
    path: '/payments/payments',
    body: json({ ...payment, paymentId: nil }),
    status: 400,
    field: 'paymentId',
  },
  {
    name: 'card number in a reversal reason',
    service: 'payments',
    path: `/payments/payments/${someId}/reverse`,
    body: json({ reason: `card ${card} bounced` }),
    status: 422,
    field: 'reason',
  },
  {
    name: 'NUL in a write-off reason (the poison event)',
    service: 'collections',
    path: `/collections/billing-accounts/${someId}/write-offs`,
    body: json({ ...writeOff, reason: 'a\u0000b' }),
    status: 400,
    field: 'reason',
  },
  {
    name: 'invalid UTF-8 in a write-off reason',
    service: 'collections',
    path: `/collections/billing-accounts/${someId}/write-offs`,
    body: nonUtf8({ ...writeOff, reason: '@@' }),
    status: 400,
    field: 'reason',
  },
  {
    name: 'card number in a write-off reason',
    service: 'collections',
    path: `/collections/billing-accounts/${someId}/write-offs`,
    body: json({ ...writeOff, reason: `settled, card ${card}` }),
    status: 422,
    field: 'reason',
  },
  {
    name: 'nil UUID as a write-off invoice',
    service: 'collections',
    path: `/collections/billing-accounts/${someId}/write-offs`,
    body: json({ ...writeOff, invoices: [{ invoiceId: nil, amount: '10.00' }] }),
    status: 400,
    field: 'invoices[0].invoiceId',
  },
  {
    name: 'card number in a customer statement',
    service: 'disputes',
    path: '/disputes/disputes',
    body: json({ ...dispute, customerStatement: `charged twice on ${card}` }),
    status: 422,
    field: 'customerStatement',
  },
  {
    name: 'whitespace-only customer statement',
    service: 'disputes',
    path: '/disputes/disputes',
    body: json({ ...dispute, customerStatement: ' \n ' }),
    status: 400,
    field: 'customerStatement',
  },
  {
    name: 'lone surrogate in a customer statement',
    service: 'disputes',
    path: '/disputes/disputes',
    body: raw({ ...dispute, customerStatement: '@@' }, '"\\udc00 twice"'),
    status: 400,
    field: 'customerStatement',
  },
  {
    name: 'a zone-less instant',
    service: 'disputes',
    path: `/disputes/disputes/${someId}/communications`,
    body: json({ channel: 'phone', summary: 'Called back', at: '2026-01-01T00:00:00' }),
    status: 400,
    field: 'at',
  },
];

describe('the strict edge on every service', () => {
  it('appends when the request is sound (the head moves, so the checks below can see a change)', async () => {
    const before = await head('invoicing');
    const res = await send('invoicing', accountPath, json(account));
    expect(res.status).toBe(201);
    expect(await head('invoicing')).not.toBe(before);
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    'refuses %s with a problem naming the field and appends nothing',
    async (_name, hostile) => {
      const before = await head(hostile.service);
      const res = await send(hostile.service, hostile.path, hostile.body);
      expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
        status: hostile.status,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
      const problem = JSON.parse(res.text) as { errors?: Array<{ field: string }> };
      expect(problem.errors?.map((e) => e.field)).toContain(hostile.field);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(await head(hostile.service)).toBe(before);
    },
  );
});

describe('tokens on a real route', () => {
  const secret = 'invoicing-test-secret-at-least-32-characters';
  const now = () => Math.floor(Date.now() / 1_000);
  const signed = (iat: number, exp: number) =>
    new SignJWT({ roles: ['billing-manager'] })
      .setSubject('manager-1')
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(createSecretKey(Buffer.from(secret, 'utf8')));

  it('refuses a 100-year token, a token issued a year ahead and an oversized header with 401', async () => {
    const year = 365 * 86_400;
    const hostileTokens = [
      await signed(now(), now() + 100 * year),
      await signed(now() + year, now() + year + 3_600),
      'a'.repeat(9_000),
    ];
    // The same secret signs a sound token that is accepted, so the refusals are about the claims.
    const sound = await signed(now(), now() + 3_600);
    expect((await send('invoicing', accountPath, json(account), sound)).status).toBe(201);
    const before = await head('invoicing');
    for (const token of hostileTokens) {
      const res = await send('invoicing', accountPath, json(account), token);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await head('invoicing')).toBe(before);
  });
});

describe('logs', () => {
  it('never carry the personal data of refused requests', async () => {
    const email = `zq.${randomTag()}@quist-holdings.example`;
    const legalName = `Zebulon Quist Holdings ${randomTag()}`;
    const refused = [
      json({ ...account, email, legalName, taxId: 'a\u0000b' }),
      json({ ...account, email, legalName: `${legalName} ${card}` }),
      json({ ...account, email, legalName, currency: 'XXX' }),
      nonUtf8({ ...account, email, legalName, billingContactName: '@@' }),
    ];
    for (const body of refused)
      expect((await send('invoicing', accountPath, body)).status).toBeGreaterThanOrEqual(400);
    const all = logs.join('\n');
    expect(all).toContain('request completed'); // the service did log these requests
    for (const secretText of [email, legalName, 'Zebulon', '4111'])
      expect(all).not.toContain(secretText);
  });
});
