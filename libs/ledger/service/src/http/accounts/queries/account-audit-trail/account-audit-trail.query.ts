import { auditTrailOf, type AsOf, type AuditEntry } from '@billing/ledger-domain';
import { replayAccount } from '../../../../core/as-of/replay';
import {
  auditEntryColumns,
  auditEntryOf,
  type AuditEntryRow,
} from '../../../../core/projections/audit-trail.ledger-projection';
import {
  pageLimitMax,
  pageOf,
  type ComputedAt,
  type LedgerQueryContext,
  type Page,
} from '../../../../core/queries/ledger-query-context';

export interface AuditTrailParams {
  billingAccountId: string;
  afterPosition?: number;
  limit: number;
  correlationId?: string;
  asOf?: AsOf;
}

/** Every event that touched the account, in global order, a page at a time. */
export async function accountAuditTrailQuery(
  ledger: LedgerQueryContext,
  params: AuditTrailParams,
): Promise<Page<AuditEntry> & { computedAt: ComputedAt }> {
  const after = params.afterPosition ?? 0;
  const limit = Math.min(params.limit, pageLimitMax);
  if (params.asOf) {
    const { state, replayed } = await replayAccount({
      ...ledger.replayOptions(),
      billingAccountId: params.billingAccountId,
      asOf: params.asOf,
      parts: ['timeline'],
    });
    const entries = auditTrailOf(state.auditTrail, params.billingAccountId)
      .filter(
        (e) =>
          e.globalPosition > after &&
          (params.correlationId === undefined || e.correlationId === params.correlationId),
      )
      .sort((a, b) => a.globalPosition - b.globalPosition);
    return {
      ...pageOf(entries, limit, (e) => e.globalPosition),
      computedAt: { source: 'replay', ...replayed },
    };
  }
  const { tables, computedAt } = await ledger.live('audit_trail');
  const { rows } = await ledger.db.query<AuditEntryRow>(
    `SELECT ${auditEntryColumns} FROM ${tables('audit_trail', 'audit_trail')} t
      WHERE billing_account_id = $1 AND t.global_position > $2
        AND ($3::text IS NULL OR correlation_id = $3)
      ORDER BY t.global_position LIMIT $4`,
    [params.billingAccountId, after, params.correlationId ?? null, limit + 1],
  );
  return { ...pageOf(rows.map(auditEntryOf), limit, (e) => e.globalPosition), computedAt };
}
