import { startServiceTestApp, type ServiceTestApp } from '@billing/service-testing';
import { createPaymentsModule, paymentsMigrations } from '@billing/payments-service';

export type PaymentsTestApp = ServiceTestApp;

/** Payments alone on a throw-away PostgreSQL database, the other contexts' events from the shared store. */
export function startPaymentsTestApp(): Promise<PaymentsTestApp> {
  return startServiceTestApp({
    context: 'payments',
    title: 'Payments',
    migrations: paymentsMigrations,
    createModule: createPaymentsModule,
  });
}
