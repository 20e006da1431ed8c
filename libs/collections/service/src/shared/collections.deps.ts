import type { ServiceDeps } from '@billing/platform';
import type { CollectionsSettings } from './collections.settings';

/** What the collections module is given: the service deps every module gets, and its settings. */
export interface CollectionsDeps extends ServiceDeps {
  settings: CollectionsSettings;
}

export const COLLECTIONS_DEPS = Symbol('COLLECTIONS_DEPS');
export const service = 'collections';
