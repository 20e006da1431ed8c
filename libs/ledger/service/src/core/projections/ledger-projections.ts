import { accountIndexLedgerProjection } from './account-index.ledger-projection';
import { auditTrailLedgerProjection } from './audit-trail.ledger-projection';
import { balancesLedgerProjection } from './balances.ledger-projection';
import { journalLedgerProjection } from './journal.ledger-projection';
import type { LedgerProjectionName, LedgerProjectionSpec } from './ledger-projection-spec';
import { metricsLedgerProjection } from './metrics.ledger-projection';
import { statementLedgerProjection } from './statement.ledger-projection';

/** Every ledger projection the service keeps live and can rebuild, in a fixed order. */
export const ledgerProjectionSpecs: readonly LedgerProjectionSpec[] = [
  journalLedgerProjection,
  balancesLedgerProjection,
  statementLedgerProjection,
  auditTrailLedgerProjection,
  metricsLedgerProjection,
  accountIndexLedgerProjection,
] as unknown as readonly LedgerProjectionSpec[];

export function ledgerProjectionSpec(name: LedgerProjectionName): LedgerProjectionSpec {
  const spec = ledgerProjectionSpecs.find((s) => s.name === name);
  if (spec === undefined) throw new RangeError(`No ledger projection named ${name}`);
  return spec;
}
