import { disputesStreamCategories } from '@billing/contracts';
import type { StandaloneServiceOptions } from '@billing/platform';
import { disputesMigrations } from './disputes.migrations';
import { createDisputesModule } from './disputes.module';
import { disputesSettingsFromEnv } from './shared/disputes.config';

/**
 * Disputes as its own process: what it publishes and what it consumes. Shared by
 * `apps/disputes/src/main.ts` and the end-to-end tests that start it in process.
 */
export const disputesStandaloneOptions: StandaloneServiceOptions = {
  context: 'disputes',
  title: 'Disputes',
  description:
    'Invoice disputes and chargeback cases: open, investigate, escalate past the SLA, resolve.',
  categories: Object.values(disputesStreamCategories),
  consumes: ['invoicing', 'payments'],
  migrations: disputesMigrations,
  // Read inside start-up, so a bad setting stops the service with a message naming the variable.
  createModule: (deps) =>
    createDisputesModule({ ...deps, ...disputesSettingsFromEnv(deps.env ?? process.env) }),
};
