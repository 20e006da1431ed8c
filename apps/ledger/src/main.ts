// Runs the ledger alone on PostgreSQL (DATABASE_URL); see ledger-service.options.ts.
import 'reflect-metadata';
import { runStandaloneService } from '@billing/platform';
import { ledgerServiceOptions } from './ledger-service.options';

runStandaloneService(ledgerServiceOptions);
