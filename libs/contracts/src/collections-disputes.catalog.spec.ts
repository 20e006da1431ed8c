import {
  collectionCaseStream,
  collectionsAccountStream,
  collectionsEventCatalog,
  disputeStream,
  disputesEventCatalog,
  paymentPlanStream,
  writeOffStream,
} from './index';

describe('collections and disputes event catalogs', () => {
  it('list every event type once, at schema version 1, in its own stream category', () => {
    for (const [catalog, categories] of [
      [
        collectionsEventCatalog,
        ['collectioncase', 'paymentplan', 'writeoff', 'collectionsaccount'],
      ],
      [disputesEventCatalog, ['dispute']],
    ] as const) {
      const types = catalog.map((entry) => entry.type);
      expect(new Set(types).size).toBe(types.length);
      for (const entry of catalog) {
        expect(entry.schemaVersion).toBe(1);
        expect(categories).toContain(entry.streamCategory);
        expect(entry.description.length).toBeGreaterThan(10);
      }
    }
    expect(collectionsEventCatalog.map((entry) => entry.type)).toContain('DunningStepTaken');
    expect(disputesEventCatalog.map((entry) => entry.type)).toContain('DisputeOpened');
  });

  it('name streams <category>-<id> with no hyphen in the category', () => {
    expect(collectionCaseStream('inv-1')).toBe('collectioncase-inv-1');
    expect(paymentPlanStream('p1')).toBe('paymentplan-p1');
    expect(writeOffStream('w1')).toBe('writeoff-w1');
    expect(collectionsAccountStream('a1')).toBe('collectionsaccount-a1');
    expect(disputeStream('d1')).toBe('dispute-d1');
  });
});
