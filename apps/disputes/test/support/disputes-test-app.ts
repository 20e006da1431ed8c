import { startServiceTestApp, type ServiceTestApp } from '@billing/service-testing';
import { createDisputesModule, disputesMigrations } from '@billing/disputes-service';

export type DisputesTestApp = ServiceTestApp;

/** Disputes alone on a throw-away PostgreSQL database, the other contexts' events from the shared store. */
export function startDisputesTestApp(): Promise<DisputesTestApp> {
  return startServiceTestApp({
    context: 'disputes',
    title: 'Disputes',
    migrations: disputesMigrations,
    createModule: createDisputesModule,
  });
}
