import { collectionsStreamCategories } from '@billing/contracts';
import type { StandaloneServiceOptions } from '@billing/platform';
import { collectionsMigrations } from './collections.migrations';
import { createCollectionsModule } from './collections.module';

/**
 * Collections as its own process: what it publishes and what it consumes. Shared by
 * `apps/collections/src/main.ts` and the end-to-end tests that start it in process.
 */
export const collectionsStandaloneOptions: StandaloneServiceOptions = {
  context: 'collections',
  title: 'Collections',
  description:
    'Dunning on a clock, promises to pay, payment plans, write-offs with approval, the worklist.',
  categories: Object.values(collectionsStreamCategories),
  consumes: ['invoicing', 'payments', 'disputes'],
  migrations: collectionsMigrations,
  createModule: (deps) => createCollectionsModule(deps),
};
