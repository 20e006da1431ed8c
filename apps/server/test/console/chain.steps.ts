import type { Page } from 'playwright-core';
import { type Moment, type Replay } from './auditor-checks';
import { axeViolations, screenshot } from './browser';
import type { Journey } from './journey';

// The hash chain checked in the browser: intact up to the sealed head, then broken by an altered event.

/** It recomputes every content hash and link with WebCrypto up to the sealed head. */
export async function checksTheIntactChain(j: Journey, page: Page): Promise<void> {
  const { env, auditorApi } = j;
  await env.system.quiescent();
  const head = await auditorApi.get<{ sequence: number; position: number; hash: string }>(
    '/audit/head',
  );
  await page.getByRole('button', { name: 'Check the chain' }).click();
  const result = page.getByTestId('chain-result');
  await result.waitFor();
  expect(await result.textContent()).toContain(
    'every content hash and link holds, and the chain ends at the sealed head',
  );
  expect(await result.textContent()).toContain(`${head.position}:${head.hash}`);
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'chain-intact');
}

/** It names the first event whose stored content was altered. */
export async function findsTheAlteredEvent(j: Journey, page: Page): Promise<void> {
  const { env, quarter, auditorApi } = j;
  const history = await auditorApi.get<Replay>(`/ledger/accounts/${quarter.accountId}/replay`);
  const target = history.timeline.find((m) => m.type === 'InvoiceIssued') as Moment;
  // What only someone bypassing the store's append-only triggers could do.
  const db = env.system.store.backend;
  await db.query('SET session_replication_role = replica');
  try {
    // data is json on PGlite, jsonb on PostgreSQL: through jsonb and back to the column's type.
    await db.query(
      `UPDATE event_store.events SET data = (data::jsonb || '{"total":"1.00"}'::jsonb)::text::json
        WHERE global_position = $1`,
      [target.globalPosition],
    );
  } finally {
    await db.query('SET session_replication_role = origin');
  }
  await page.getByRole('button', { name: 'Check the chain' }).click();
  const result = page.getByTestId('chain-result');
  await result.getByText('The chain breaks').waitFor();
  expect(await result.textContent()).toContain(
    `global position ${target.globalPosition}, event ${target.eventId}`,
  );
  expect(await result.textContent()).toContain('the event was altered');
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'chain-broken');
}
