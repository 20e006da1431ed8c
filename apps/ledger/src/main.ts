// Runs the ledger alone on PostgreSQL (DATABASE_URL, the database the other services append to).
import 'reflect-metadata';
import { runStandaloneService } from '@billing/platform';
import { ledgerStandaloneOptions } from '@billing/ledger-service';

runStandaloneService(ledgerStandaloneOptions);
