import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { collectionsStandaloneOptions } from '@billing/collections-service';
import { disputesStandaloneOptions } from '@billing/disputes-service';
import { invoicingStandaloneOptions } from '@billing/invoicing-service';
import { ledgerStandaloneOptions } from '@billing/ledger-service';
import { paymentsStandaloneOptions } from '@billing/payments-service';
import { pgExecutor } from '@billing/event-store';
import { ManualClock } from '@billing/kernel';
import {
  mintToken,
  provisionDatabase,
  serviceDatabaseUrl,
  serviceNames,
  startStandaloneService,
  type ServiceName,
  type StandaloneService,
  type StandaloneServiceOptions,
} from '@billing/platform';
import {
  asSuperuser,
  httpCall,
  issueInvoiceOnNewAccount,
  rehashStream,
  resealEverything,
  until,
  untilQuiescent,
  type HttpAnswer,
} from '@billing/service-testing';
import { createTestDatabase, getTestKafka, type TestDatabase } from '@billing/testing';
import { migrationSets } from '../../src/migration-sets';
import { runCli, type CliResult } from '../support/run-cli';

/**
 * Issue #14, "done when": on the stack, a head an auditor kept before 1,000 more commands is
 * proven extended, and a rewrite behind it is caught. The five services run as their own logins
 * on PostgreSQL and Kafka, as `start:stack` runs them; the auditor keeps the head with
 * `npm run cli -- head`, clerks send 1,000 commands over HTTP, and `verify --expect-head` proves
 * the log still extends the kept head. Then a superuser alters an event behind it and recomputes
 * every hash: plain `verify` is fooled, the kept head is not. Not in `npm test` (a *.audit.ts
 * file): `npm run test:kept-head` runs it and writes bench/results/kept-head-stack.json.
 */
jest.setTimeout(600_000);

const secret = 'kept-head-stack-audit-secret-of-32-characters';
/** This helper's HTTP ports: each service listens on one, so supertest opens none of its own. */
const firstPort = 9450;
const accounts = 200;
/** Per account: open, verify, draft, issue (invoicing), then a payment (payments). */
const commandsPerAccount = 5;
const concurrency = 8;
const figuresFile = path.resolve(__dirname, '../../../../bench/results/kept-head-stack.json');
const options: Record<ServiceName, StandaloneServiceOptions> = {
  invoicing: invoicingStandaloneOptions,
  payments: paymentsStandaloneOptions,
  collections: collectionsStandaloneOptions,
  disputes: disputesStandaloneOptions,
  ledger: ledgerStandaloneOptions,
};

interface Tally {
  sent: number;
  acknowledged: number;
  refused: Record<string, number>;
}

interface VerifyFigure {
  command: string;
  exitCode: number | null;
  firstLine: string;
  verdictLine: string;
}

const figures: Record<string, unknown> = {};

/** Runs `work` over `items`, `concurrency` at a time, as several clerks would. */
async function inParallel<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) await work(items[index] as T);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

function count(tally: Tally, answer: HttpAnswer, what: string): HttpAnswer {
  tally.sent++;
  if (answer.status < 300) tally.acknowledged++;
  else {
    const key = `${what} ${answer.status}`;
    tally.refused[key] = (tally.refused[key] ?? 0) + 1;
  }
  return answer;
}

const seconds = (since: bigint): number =>
  Math.round(Number(process.hrtime.bigint() - since) / 1e6) / 1e3;

const firstLine = (result: CliResult): string =>
  (result.stdout.trim() || result.stderr.trim()).split('\n')[0] ?? '';

/** The line that says whether the kept head holds, else the verdict (OK / TAMPERED). */
const verdictLine = (result: CliResult): string =>
  result.stdout.split('\n').find((l) => l.startsWith('TAMPERED:')) ??
  result.stdout.split('\n').find((l) => l.startsWith('Kept head')) ??
  result.stdout.split('\n').find((l) => l.startsWith('OK:')) ??
  '(no verdict line)';

describe('a head kept on the stack before 1,000 more commands', () => {
  const clock = new ManualClock('2026-03-02T09:00:00.000Z');
  const services = {} as Record<ServiceName, StandaloneService>;
  let database: TestDatabase;
  let admin: Pool;
  let clerk: string;
  let kept = '';
  const verifies: VerifyFigure[] = [];

  const eventCount = async (): Promise<number> =>
    Number(
      (await admin.query<{ n: string }>('SELECT count(*)::text AS n FROM event_store.events'))
        .rows[0]?.n,
    );

  const verify = async (...extra: string[]): Promise<CliResult> => {
    const args = ['verify', '--no-progress', '--database-url', database.url, ...extra];
    const result = await runCli(args);
    verifies.push({
      command: `npm run cli -- verify --database-url <stack>${extra.map((a) => ` ${a}`).join('')}`,
      exitCode: result.code,
      firstLine: firstLine(result),
      verdictLine: verdictLine(result),
    });
    return result;
  };

  /** Every service caught up, then every event in the global seal (no unsealed event left). */
  const untilAllSealed = async (): Promise<void> => {
    await untilQuiescent(admin, Object.values(services), 300_000);
    await until(
      () =>
        admin.query<{ unsealed: string }>(
          `SELECT count(*)::text AS unsealed FROM event_store.events e
            WHERE NOT EXISTS (SELECT 1 FROM event_store.global_chain g
                               WHERE g.global_position = e.global_position)`,
        ),
      (r) => r.rows[0]?.unsealed === '0',
      'the services to seal every event',
      60_000,
    );
  };

  beforeAll(async () => {
    database = await createTestDatabase('h14b_kept_head');
    await provisionDatabase({ adminUrl: database.url, sets: migrationSets, env: {} });
    admin = new Pool({ connectionString: database.url, max: 2, application_name: 'kept-head' });
    const suffix = `.kh${randomBytes(4).toString('hex')}`;
    for (const [index, service] of serviceNames.entries()) {
      services[service] = await startStandaloneService(options[service], {
        env: {
          DATABASE_URL: serviceDatabaseUrl(database.url, service, {}),
          KAFKA_BROKERS: getTestKafka().brokers.join(','),
          KAFKA_TOPIC_SUFFIX: suffix,
          JWT_SECRET: secret,
          LOG_LEVEL: 'warn',
        },
        clock,
      });
      await services[service].app.listen(firstPort + index, '127.0.0.1');
    }
    clerk = await mintToken({ sub: 'clerk-1', roles: ['billing-clerk'], secret, ttl: 3_600 });
  });

  /** Stops the services, last started first; each closes once. */
  const stopServices = async (): Promise<void> => {
    for (const service of [...serviceNames].reverse()) {
      await services[service]?.close();
      delete services[service];
    }
  };

  afterAll(async () => {
    await stopServices();
    await admin?.end();
    await database?.drop();
    figures['verifies'] = verifies;
    fs.mkdirSync(path.dirname(figuresFile), { recursive: true });
    fs.writeFileSync(figuresFile, `${JSON.stringify(figures, null, 2)}\n`);
    console.log(
      `kept head on the stack, figures (${figuresFile}):\n${JSON.stringify(figures, null, 2)}`,
    );
  });

  const pay = (accountId: string, invoiceId: string, amount: string, reference: string) =>
    httpCall(services.payments.app, clerk, 'post', '/payments/payments', {
      billingAccountId: accountId,
      amount,
      currency: 'USD',
      method: 'bank_transfer',
      externalReference: reference,
      receivedDate: '2026-03-02',
      remittance: [{ invoiceId, amount }],
    });

  const untilPaymentsKnow = (accountId: string, invoices = 1) =>
    until(
      () =>
        httpCall(
          services.payments.app,
          clerk,
          'get',
          `/payments/billing-accounts/${accountId}/payments`,
        ),
      (r) => r.status === 200 && (r.body['openInvoices'] ?? []).length === invoices,
      `payments to learn the invoice of ${accountId} from Kafka`,
      120_000,
    );

  it('keeps the head after a few commands, once they are sealed', async () => {
    const first = await issueInvoiceOnNewAccount(services.invoicing.app, clerk, 'Kept', [
      '120.00',
      '80.00',
    ]);
    await issueInvoiceOnNewAccount(services.invoicing.app, clerk, 'Kept Two', ['55.00']);
    await untilPaymentsKnow(first.accountId);
    expect((await pay(first.accountId, first.invoiceId, '200.00', 'KH-0')).status).toBe(201);
    await untilAllSealed();

    const head = await runCli(['head', '--json', '--database-url', database.url]);
    expect(head.code).toBe(0);
    kept = JSON.parse(head.stdout).keep as string;
    expect(kept).toMatch(/^\d+:[0-9a-f]{64}$/);
    const auditor = await mintToken({ sub: 'auditor-1', roles: ['auditor'], secret, ttl: 600 });
    const served = await httpCall(services.ledger.app, auditor, 'get', '/audit/head');
    figures['keptHead'] = { cli: kept, httpAuditHead: served.body['keep'] ?? served.status };
    expect(served.body['keep']).toBe(kept); // the stack serves the head the CLI printed
    figures['eventsBefore'] = await eventCount();
  });

  it('acknowledges 1,000 more commands over HTTP, from five services', async () => {
    const tally: Tally = { sent: 0, acknowledged: 0, refused: {} };
    const call = (what: string, path: string, body: object = {}) =>
      httpCall(services.invoicing.app, clerk, 'post', path, body).then((a) =>
        count(tally, a, what),
      );
    const issued: { accountId: string; invoiceId: string }[] = [];
    const started = process.hrtime.bigint();
    await inParallel(
      Array.from({ length: accounts }, (_, n) => n),
      async (n) => {
        const invoice = await openAndIssue(call, n);
        if (invoice) issued.push(invoice);
      },
    );
    const invoicingSeconds = seconds(started);
    const waited = process.hrtime.bigint();
    await inParallel(issued, async ({ accountId }) => void (await untilPaymentsKnow(accountId)));
    const waitSeconds = seconds(waited);
    const paying = process.hrtime.bigint();
    await inParallel(issued, async ({ accountId, invoiceId }) => {
      count(tally, await pay(accountId, invoiceId, '100.00', `KH-${invoiceId}`), 'payment');
    });
    figures['commands'] = {
      ...tally,
      mix: `${accounts} accounts x (open, verify, draft, issue, payment)`,
      concurrency,
      secondsSending: Math.round((invoicingSeconds + seconds(paying)) * 1e3) / 1e3,
      secondsInvoicing: invoicingSeconds,
      secondsPaymentsLearningInvoices: waitSeconds,
      secondsPayments: seconds(paying),
      secondsTotal: seconds(started),
    };
    expect(tally.sent).toBe(accounts * commandsPerAccount);
    expect(tally.refused).toEqual({});
    expect(tally.acknowledged).toBe(1_000);
  });

  it('proves the log extends the kept head once the 1,000 are sealed', async () => {
    const started = process.hrtime.bigint();
    await untilAllSealed();
    figures['secondsUntilSealed'] = seconds(started);
    figures['eventsAfter'] = await eventCount();
    expect(figures['eventsAfter']).toBeGreaterThan(Number(figures['eventsBefore']) + 1_000);

    const extended = await verify('--expect-head', kept);
    expect(extended.code).toBe(0);
    expect(extended.stdout).toContain(`Kept head ${kept}: the log extends it`);
    expect(extended.stdout).toContain('OK: the log is intact.');
  });

  it('catches a rewrite behind the kept head that plain verify misses', async () => {
    await stopServices();
    const keptPosition = Number(kept.split(':')[0]);
    const altered = await rewriteBehind(database.url, keptPosition);
    figures['rewrite'] = { ...altered, keptPosition };

    const fooled = await verify();
    expect(fooled.code).toBe(0); // every hash agrees again: only the kept head can tell
    expect(fooled.stdout).toContain('OK: the log is intact.');
    const anchored = await verify('--expect-head', kept);
    expect(anchored.code).toBe(1);
    expect(verdictLine(anchored)).toMatch(
      new RegExp(
        `diverged \\(global chain\\) - the chain at that position no longer hashes to the kept head .* history was rewritten at or before global position ${keptPosition}`,
      ),
    );
  });
});

/** Opens, verifies, drafts and issues one invoice; undefined when a step was refused. */
async function openAndIssue(
  call: (what: string, path: string, body?: object) => Promise<HttpAnswer>,
  n: number,
): Promise<{ accountId: string; invoiceId: string } | undefined> {
  const opened = await call('open', '/invoicing/billing-accounts', {
    legalName: `Audit ${n} Inc.`,
    billingContactName: `Audit ${n} Accounts Payable`,
    email: `ap${n}@audit.example`,
    address: {
      line1: '1 Main St',
      city: 'Springfield',
      postalCode: '62701',
      region: 'IL',
      country: 'US',
    },
    country: 'US',
    taxId: '12-3456789',
    currency: 'USD',
    paymentTermsDays: 30,
    purchaseOrderRequired: false,
  });
  const accountId = opened.body['billingAccountId'] as string | undefined;
  if (!accountId) return undefined;
  await call('verify', `/invoicing/billing-accounts/${accountId}/verification`);
  const drafted = await call('draft', '/invoicing/invoices', {
    billingAccountId: accountId,
    currency: 'USD',
    lines: [
      { description: `Audit service ${n}`, quantity: '1', unitPrice: '100.00', taxRate: '0' },
    ],
  });
  const invoiceId = drafted.body['invoiceId'] as string | undefined;
  if (!invoiceId) return undefined;
  const issued = await call('issue', `/invoicing/invoices/${invoiceId}/issue`);
  return issued.status === 200 ? { accountId, invoiceId } : undefined;
}

/**
 * As the superuser, with the triggers off: moves the due date of the first issued invoice (an
 * event behind the kept head) a year on, then recomputes its stream's hashes and the whole global
 * seal, so every hash in the database agrees with the altered event.
 */
async function rewriteBehind(
  url: string,
  keptPosition: number,
): Promise<{ eventId: string; streamId: string; globalPosition: number; change: string }> {
  // The due date is no personal data, so it sits in clear (personal fields are ciphertext).
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const su = await asSuperuser(pgExecutor(client));
    const { rows } = await client.query<{
      event_id: string;
      stream_id: string;
      p: string;
      due: string;
    }>(
      `SELECT event_id::text, stream_id, global_position::text AS p, data->>'dueDate' AS due
         FROM event_store.events
        WHERE type = 'InvoiceIssued' AND global_position <= $1 ORDER BY global_position LIMIT 1`,
      [keptPosition],
    );
    const target = rows[0];
    if (!target?.due)
      throw new Error(`no issued invoice with a due date at or before ${keptPosition}`);
    await client.query(
      `UPDATE event_store.events
          SET data = jsonb_set(data::jsonb, '{dueDate}', '"2027-04-01"', false)::json
        WHERE event_id = $1`,
      [target.event_id],
    );
    await rehashStream(su, target.stream_id);
    await resealEverything(su);
    return {
      eventId: target.event_id,
      streamId: target.stream_id,
      globalPosition: Number(target.p),
      change: `InvoiceIssued dueDate ${target.due} -> 2027-04-01; stream hashes and global seal recomputed`,
    };
  } finally {
    await client.end();
  }
}
