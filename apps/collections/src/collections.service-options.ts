import { collectionsStreamCategories } from '@billing/contracts';
import { createCollectionsModule, collectionsMigrations } from '@billing/collections-service';
import type { StandaloneServiceOptions } from '@billing/platform';

/** How collections runs alone; main.ts runs it, end-to-end tests start it in process. */
export const collectionsServiceOptions: StandaloneServiceOptions = {
  context: 'collections',
  title: 'Collections',
  description:
    'Dunning on a clock, promises to pay, payment plans, write-offs with approval, the worklist.',
  categories: Object.values(collectionsStreamCategories),
  consumes: ['invoicing', 'payments', 'disputes'],
  migrations: collectionsMigrations,
  createModule: (deps) => createCollectionsModule(deps),
};
