import { randomBytes } from 'node:crypto';
import { get, post, verifiedAccount } from './support/fixtures';
import { startOnPostgres, type ListTestBackend } from './support/list-test-backends';

jest.setTimeout(180_000);

type Page = { items: Array<{ billingAccountId: string; legalName: string }>; next: string | null };

/**
 * The account search on production's storage (PostgreSQL, personal fields encrypted in the
 * store): the "C"-collated name key, the prefix range up to U+10FFFF, case folding beyond ASCII,
 * and an erased account that its old name no longer finds, in the list or through a cursor.
 */
describe('searching billing accounts by name on PostgreSQL', () => {
  const tag = randomBytes(4).toString('hex');
  let backend: ListTestBackend;
  let clerk: string;
  const ids: Record<string, string> = {};

  const list = async (query: string): Promise<Page> => {
    const answer = await get(backend.app, clerk, `/invoicing/billing-accounts?${query}`);
    if (answer.status !== 200) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body as Page;
  };
  const names = async (query: string) =>
    (await list(`${query}&limit=200`)).items.map(
      (item) => Object.keys(ids).find((name) => ids[name] === item.billingAccountId) ?? 'other',
    );

  beforeAll(async () => {
    backend = await startOnPostgres();
    clerk = await backend.token(['billing-clerk']);
    for (const [name, legalName] of [
      ['labs', 'ACME Labs GmbH'],
      ['manufacturing', 'Acme Manufacturing Inc.'],
      ['aerzte', 'Ärztekammer Nord eG'],
      ['erased', `Brackwater ${tag} Cooperative`],
      ['zeta', 'Zeta Systems'],
    ] as const)
      ids[name] = await verifiedAccount(backend.app, clerk, { legalName });
    const maker = await backend.token(['billing-manager'], 'manager-1');
    const checker = await backend.token(['billing-manager'], 'manager-2');
    const erasure = `/invoicing/billing-accounts/${ids['erased']}/erasure`;
    expect((await post(backend.app, maker, erasure, { reason: 'GDPR art. 17' })).status).toBe(202);
    expect((await post(backend.app, checker, `${erasure}/approve`, {})).status).toBe(200);
  });
  afterAll(async () => {
    await backend?.close();
  });

  it('finds by prefix ignoring case, in name order, beyond ASCII', async () => {
    expect(await names('namePrefix=acme')).toEqual(['labs', 'manufacturing']);
    expect(await names('namePrefix=ACME%20MAN')).toEqual(['manufacturing']);
    expect(await names(`namePrefix=${encodeURIComponent('ärztekammer')}`)).toEqual(['aerzte']);
    expect(await names('namePrefix=acme%25')).toEqual([]);
  });

  it('never finds an erased account by its old name, while listing it as [erased]', async () => {
    expect(await names('namePrefix=brackwater')).toEqual([]);
    expect(await names(`namePrefix=Brackwater%20${tag}`)).toEqual([]);
    expect(await names('namePrefix=%5Berased%5D')).toEqual([]);
    const all = await list('limit=200');
    expect(all.items.find((i) => i.billingAccountId === ids['erased'])?.legalName).toBe('[erased]');
    expect(JSON.stringify(all)).not.toContain(`Brackwater ${tag}`);
  });

  it('walks every account once by cursor, in name order', async () => {
    const seen: Page['items'] = [];
    let page = await list('limit=2');
    seen.push(...page.items);
    while (page.next) {
      page = await list(`limit=2&cursor=${page.next}`);
      seen.push(...page.items);
    }
    expect(seen.map((i) => i.billingAccountId).sort()).toEqual(Object.values(ids).sort());
    const keys = seen.map((i) => i.legalName.toLowerCase());
    expect(keys).toEqual([
      '[erased]',
      'acme labs gmbh',
      'acme manufacturing inc.',
      'zeta systems',
      'ärztekammer nord eg',
    ]);
  });
});
