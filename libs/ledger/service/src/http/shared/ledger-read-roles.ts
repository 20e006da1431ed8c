import type { Role } from '@billing/platform';

/** Who may read the ledger: the auditor and the billing roles (all of them read-only here). */
export const ledgerReaders: Role[] = [
  'billing-clerk',
  'billing-manager',
  'collections-agent',
  'auditor',
];
