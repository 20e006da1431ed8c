import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { collect, newEvent, runEventStoreContract } from '../../testing/event-store.contract';
import { verify } from '../integrity/verify';
import { createPgliteEventStore } from './pglite-event-store';

const root = mkdtempSync(path.join(tmpdir(), 'es-pglite-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

runEventStoreContract('PGlite', () =>
  createPgliteEventStore({ dataDir: path.join(root, 'contract') }),
);

describe('PGlite on disk', () => {
  it('keeps events, checkpoints and chains across close and reopen', async () => {
    const dataDir = path.join(root, 'restart');
    const first = await createPgliteEventStore({ dataDir });
    const events = [newEvent('Opened'), newEvent('Posted')];
    await first.appendToStream('account-1', events, { expected: 'no_stream' });
    await first.saveCheckpoint('projection', '', 'saved');
    await first.sealGlobalChain();
    await first.close();

    const reopened = await createPgliteEventStore({ dataDir });
    try {
      expect((await collect(reopened.readStream('account-1'))).map((e) => e.eventId)).toEqual(
        events.map((e) => e.eventId),
      );
      expect(await reopened.loadCheckpoint('projection')).toBe('saved');
      expect(
        (await reopened.appendToStream('account-1', [newEvent()], { expected: 2 })).streamVersion,
      ).toBe(3);
      const report = await verify(reopened);
      expect(report).toMatchObject({ ok: true, eventCount: 3, sealedCount: 2, unsealedCount: 1 });
    } finally {
      await reopened.close();
    }
  }, 60_000);
});
