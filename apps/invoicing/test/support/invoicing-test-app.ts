import { startServiceTestApp, type ServiceTestApp } from '@billing/service-testing';
import { createInvoicingModule, invoicingMigrations } from '@billing/invoicing-service';

export type InvoicingTestApp = ServiceTestApp;

/** Invoicing alone on a throw-away PostgreSQL database, the other contexts' events from the shared store. */
export function startInvoicingTestApp(): Promise<InvoicingTestApp> {
  return startServiceTestApp({
    context: 'invoicing',
    title: 'Invoicing',
    migrations: invoicingMigrations,
    createModule: createInvoicingModule,
  });
}
