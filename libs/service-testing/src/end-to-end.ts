// Helpers for end-to-end tests that start several standalone services in one process
// (`startStandaloneService`) on real PostgreSQL and Kafka and drive them through HTTP.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import type { Pool } from 'pg';
import type { StandaloneService, StandaloneServiceOptions } from '@billing/platform';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface HttpAnswer {
  status: number;
  body: Json;
  /** The Content-Type header, e.g. `application/problem+json; charset=utf-8`. */
  contentType: string;
}

/**
 * One HTTP call with a bearer token; a POST carries a fresh Idempotency-Key, as a client that
 * does not retry sends it.
 */
export async function httpCall(
  app: INestApplication,
  token: string,
  method: 'get' | 'post',
  path: string,
  body?: object,
): Promise<HttpAnswer> {
  const req = request(app.getHttpServer())[method](path).set('Authorization', `Bearer ${token}`);
  if (method === 'post') req.set('Idempotency-Key', randomUUID()).send(body ?? {});
  const res = await req;
  return {
    status: res.status,
    body: res.body as Json,
    contentType: String(res.headers['content-type'] ?? ''),
  };
}

/**
 * Polls until `check` holds and returns the value that passed; throws with the last value after
 * `timeoutMs`, so a test waits for asynchronous effects (Kafka, projections) without fixed sleeps.
 */
export async function until<T>(
  probe: () => Promise<T>,
  check: (value: T) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 2_000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Waits until services sharing one event store are quiet: in passes over all of them, every
 * relay has published, then every consumer has handled what the relays published, then every
 * read model and projector (the ledger's too) has applied what was committed, and the pass found
 * no new event in the store. A consumer's or projection's effect may append events (invoicing
 * applying a payment's allocation), which starts another pass. `pool` is the shared store's
 * database, read only to count its events. Returns the number of passes it took.
 */
export async function untilQuiescent(
  pool: Pool,
  services: StandaloneService[],
  timeoutMs = 120_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const phase = (what: string, wait: (s: StandaloneService) => Promise<void>) =>
    beforeDeadline(Promise.all(services.map(wait)), deadline, `every ${what} to catch up`);
  for (let pass = 1; ; pass++) {
    const before = await eventCount(pool);
    await phase('relay', (s) => s.caughtUp.relay());
    await phase('consumer', (s) => s.caughtUp.consumers());
    await phase('subscription', (s) => s.caughtUp.subscriptions());
    const after = await eventCount(pool);
    if (after === before) return pass;
    if (Date.now() > deadline)
      throw new Error(
        `Not quiet after ${pass} passes: the store went from ${before} to ${after} events`,
      );
  }
}

async function eventCount(pool: Pool): Promise<string> {
  const { rows } = await pool.query<{ count: string }>(
    'SELECT count(*)::text AS count FROM event_store.events',
  );
  return rows[0]?.count ?? '0';
}

async function beforeDeadline<T>(work: Promise<T>, deadline: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Timed out waiting for ${what}`)),
      Math.max(deadline - Date.now(), 0),
    );
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The same service with every consumer of other contexts' events in a new consumer group
 * (`<name>.<tag>`): started on the same database, it reads every topic from the beginning again
 * and its inbox does not know those groups, so each message is handled a second time as a real
 * redelivery would be.
 */
export function withFreshConsumerGroups(
  options: StandaloneServiceOptions,
  tag = 'replay',
): StandaloneServiceOptions {
  return {
    ...options,
    createModule: (deps) =>
      options.createModule({
        ...deps,
        integrationEvents: (subscription) =>
          deps.integrationEvents({ ...subscription, name: `${subscription.name}.${tag}` }),
      }),
  };
}

/**
 * Messages a consumer group handled (its inbox) that the same group under `<group>.<tag>` has not
 * handled yet: 0 once the fresh group has caught up with everything the original group saw.
 */
export async function messagesNotHandledAgain(
  pool: Pool,
  group: string,
  tag = 'replay',
): Promise<number> {
  const { rows } = await pool.query<{ missing: string }>(
    `SELECT count(*) AS missing FROM messaging.inbox original
      WHERE original.consumer_group = $1
        AND NOT EXISTS (SELECT 1 FROM messaging.inbox again
                         WHERE again.consumer_group = $1 || '.' || $2
                           AND again.event_id = original.event_id)`,
    [group, tag],
  );
  return Number(rows[0]?.missing ?? 0);
}

export interface IssuedInvoice {
  accountId: string;
  invoiceId: string;
  /** Invoicing's answer to the issue command (number, lines with their ids, total, due date). */
  issued: Json;
}

/**
 * Through invoicing's HTTP API as a billing clerk: a verified US account (net 30) named `name`
 * and an issued USD invoice of the given line prices (no tax), one line each.
 */
export async function issueInvoiceOnNewAccount(
  invoicing: INestApplication,
  clerkToken: string,
  name: string,
  linePrices: string[],
): Promise<IssuedInvoice> {
  const call = (path: string, body: object) => httpCall(invoicing, clerkToken, 'post', path, body);
  const opened = await call('/invoicing/billing-accounts', {
    legalName: `${name} Inc.`,
    billingContactName: `${name} Accounts Payable`,
    email: `ap@${name.toLowerCase().replace(/[^a-z0-9]/g, '')}.example`,
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
  if (opened.status !== 201) throw new Error(`account not opened: ${JSON.stringify(opened)}`);
  const accountId = opened.body['billingAccountId'] as string;
  const verified = await call(`/invoicing/billing-accounts/${accountId}/verification`, {});
  if (verified.body['verified'] !== true)
    throw new Error(`account not verified: ${JSON.stringify(verified)}`);
  const drafted = await call('/invoicing/invoices', {
    billingAccountId: accountId,
    currency: 'USD',
    lines: linePrices.map((unitPrice, index) => ({
      description: `Service ${index + 1}`,
      quantity: '1',
      unitPrice,
      taxRate: '0',
    })),
  });
  if (drafted.status !== 201) throw new Error(`invoice not drafted: ${JSON.stringify(drafted)}`);
  const invoiceId = drafted.body['invoiceId'] as string;
  const issued = await call(`/invoicing/invoices/${invoiceId}/issue`, {});
  if (issued.status !== 200) throw new Error(`invoice not issued: ${JSON.stringify(issued)}`);
  return { accountId, invoiceId, issued: issued.body };
}
