import type { SqlExecutor, UpcasterRegistry } from '@billing/event-store';
import {
  accountBalances,
  agingReport,
  auditTrailOf,
  billingMetrics,
  collectionEffectivenessIndex,
  daysSalesOutstanding,
  discrepancyRate,
  explainMetrics,
  customerStatement,
  entriesForAccount,
  followPayment,
  journalProjection,
  trialBalance,
  type AccountBalance,
  type AgingReport,
  type AsOf,
  type AuditEntry,
  type BillingMetrics,
  type CollectionEffectiveness,
  type DaysSalesOutstanding,
  type DiscrepancyRate,
  type MetricsExplanation,
  type CustomerStatement,
  type JournalEntry,
  type LedgerAccountId,
  type PaymentFollowUp,
  type PaymentTrail,
  type TrialBalance,
} from '@billing/ledger-domain';
import {
  accountBalanceOf,
  balanceColumns,
  balancesWithInvoices,
  receivableColumns,
  type BalanceRow,
  type ReceivableRow,
} from '../projections/balances.ledger-projection';
import {
  auditEntryColumns,
  auditEntryOf,
  auditTrailWith,
  type AuditEntryRow,
} from '../projections/audit-trail.ledger-projection';
import {
  statementLineColumns,
  statementWithLines,
  type StatementLineRow,
} from '../projections/statement.ledger-projection';
import {
  disputeActivityWith,
  disputeColumns,
  type DisputeRow,
} from '../projections/metrics.ledger-projection';
import type { LedgerProjectionName } from '../projections/ledger-projection-spec';
import { putRecord } from '../projections/records';
import { listVersions, liveVersion, type ProjectionVersion } from '../registry/projection-registry';
import { qualifiedName } from '../tables/table-spec';
import {
  accountOfPayment,
  logPositionAt,
  replayAccount,
  replayLog,
  type Replayed,
} from '../as-of/replay';

/**
 * How an answer was computed: from the live read-model tables, or by replaying the log up to
 * `asOf` with the domain projections (the live tables untouched).
 */
export type ComputedAt =
  | {
      source: 'live';
      /** The lowest of the answering projections' highest applied global positions. */
      position: number;
      projections: Array<{ projection: LedgerProjectionName; version: number; position: number }>;
    }
  | ({ source: 'replay' } & Replayed);

// Column lists cast numbers to text under their own names: ORDER BY must name the table's column
// (`t.global_position`), or it sorts the text alias ('10' before '2').

/** Bounds of one answer (TigerStyle: every page has a limit). */
export const pageLimitMax = 1_000;
export const agingAccountsMax = 1_000;

export interface Page<T> {
  items: T[];
  /** Pass as `afterPosition` for the next page; null on the last page. */
  nextAfterPosition: number | null;
}

function pageOf<T>(items: T[], limit: number, positionOf: (item: T) => number): Page<T> {
  const page = items.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page,
    nextAfterPosition: items.length > limit && last !== undefined ? positionOf(last) : null,
  };
}

/**
 * Every ledger query, without Nest: the HTTP controllers and the CLI call these. Each takes an
 * optional `asOf` (global position or commit time); with it, the answer is replayed from the log.
 */
export class LedgerQueries {
  constructor(
    private readonly db: SqlExecutor,
    private readonly options: { upcasters?: UpcasterRegistry } = {},
  ) {}

  private async live(...projections: LedgerProjectionName[]): Promise<{
    tables: (name: string, projection: LedgerProjectionName) => string;
    computedAt: ComputedAt;
  }> {
    const versions = new Map<LedgerProjectionName, ProjectionVersion>();
    for (const projection of projections) {
      const version = await liveVersion(this.db, projection);
      if (version === null)
        throw new Error(`Ledger projection ${projection} has no live version yet`);
      versions.set(projection, version);
    }
    const list = [...versions.values()];
    return {
      tables: (name, projection) =>
        qualifiedName(name, (versions.get(projection) as ProjectionVersion).version),
      computedAt: {
        source: 'live',
        position: Math.min(...list.map((v) => v.position)),
        projections: list.map((v) => ({
          projection: v.projection,
          version: v.version,
          position: v.position,
        })),
      },
    };
  }

  private replayOptions() {
    return {
      db: this.db,
      ...(this.options.upcasters ? { upcasters: this.options.upcasters } : {}),
    };
  }

  /** An account's balances per currency. */
  async balances(
    billingAccountId: string,
    asOf?: AsOf,
  ): Promise<{ billingAccountId: string; balances: AccountBalance[]; computedAt: ComputedAt }> {
    if (asOf) {
      const { state, replayed } = await replayAccount({
        ...this.replayOptions(),
        billingAccountId,
        asOf,
        parts: ['balances'],
      });
      return {
        billingAccountId,
        balances: accountBalances(state.balances, billingAccountId),
        computedAt: { source: 'replay', ...replayed },
      };
    }
    const { tables, computedAt } = await this.live('balances');
    const { rows } = await this.db.query<BalanceRow>(
      `SELECT ${balanceColumns} FROM ${tables('balances', 'balances')}
        WHERE billing_account_id = $1 ORDER BY currency`,
      [billingAccountId],
    );
    return { billingAccountId, balances: rows.map(accountBalanceOf), computedAt };
  }

  /** Journal entries in global order, optionally of one account, a page at a time. */
  async journal(params: {
    billingAccountId?: string;
    afterPosition?: number;
    limit: number;
    asOf?: AsOf;
  }): Promise<Page<JournalEntry> & { computedAt: ComputedAt }> {
    const after = params.afterPosition ?? 0;
    const limit = Math.min(params.limit, pageLimitMax);
    if (params.asOf) {
      const wanted = (e: JournalEntry) => e.globalPosition > after;
      if (params.billingAccountId !== undefined) {
        const { state, replayed } = await replayAccount({
          ...this.replayOptions(),
          billingAccountId: params.billingAccountId,
          asOf: params.asOf,
          parts: ['journal'],
        });
        const entries = entriesForAccount(state.journal, params.billingAccountId)
          .filter(wanted)
          .sort((a, b) => a.globalPosition - b.globalPosition);
        return {
          ...pageOf(entries, limit, (e) => e.globalPosition),
          computedAt: { source: 'replay', ...replayed },
        };
      }
      const replay = await this.replayLogKeeping(params.asOf, wanted);
      const entries = (replay.journal?.entries ?? []).sort(
        (a, b) => a.globalPosition - b.globalPosition,
      );
      return {
        ...pageOf(entries, limit, (e) => e.globalPosition),
        computedAt: { source: 'replay', ...replay.replayed },
      };
    }
    const { tables, computedAt } = await this.live('journal');
    const lines = tables('journal_lines', 'journal');
    const { rows } = await this.db.query<JournalLineRow>(
      `WITH entries AS (
         SELECT DISTINCT global_position FROM ${lines}
          WHERE global_position > $1 AND ($2::text IS NULL OR billing_account_id = $2)
          ORDER BY global_position LIMIT $3)
       SELECT l.global_position::text AS global_position, l.line_no, l.event_id, l.event_type,
              l.billing_account_id, l.currency, l.business_date, l.reference, l.ledger_account,
              l.side, l.amount::text AS amount
         FROM ${lines} l JOIN entries USING (global_position)
        ORDER BY l.global_position, l.line_no`,
      [after, params.billingAccountId ?? null, limit + 1],
    );
    return { ...pageOf(entriesOfLines(rows), limit, (e) => e.globalPosition), computedAt };
  }

  private replayLogKeeping(asOf: AsOf, keepEntry: (entry: JournalEntry) => boolean) {
    return replayLog({ ...this.replayOptions(), asOf, parts: { journal: true }, keepEntry });
  }

  /** The trial balance per currency; it nets to zero (the domain asserts it). */
  async trialBalance(asOf?: AsOf): Promise<{ currencies: TrialBalance[]; computedAt: ComputedAt }> {
    if (asOf) {
      const replay = await replayLog({ ...this.replayOptions(), asOf, parts: { journal: true } });
      return {
        currencies: trialBalance(replay.journal ?? journalProjection.initial()),
        computedAt: { source: 'replay', ...replay.replayed },
      };
    }
    const { tables, computedAt } = await this.live('journal');
    const { rows } = await this.db.query<{
      currency: string;
      ledger_account: LedgerAccountId;
      debit: string;
      credit: string;
    }>(
      `SELECT currency, ledger_account, debit::text AS debit, credit::text AS credit
         FROM ${tables('journal_totals', 'journal')}`,
    );
    const state = journalProjection.initial();
    for (const row of rows) {
      const byAccount =
        (Object.prototype.hasOwnProperty.call(state.totals, row.currency)
          ? state.totals[row.currency]
          : undefined) ??
        putRecord(state.totals, row.currency, {} as (typeof state.totals)[string]);
      byAccount[row.ledger_account] = { debit: row.debit, credit: row.credit };
    }
    return { currencies: trialBalance(state), computedAt };
  }

  /** Open receivables in aging buckets as of business date `date`, per account and in total. */
  async aging(params: {
    date: string;
    billingAccountId?: string;
    asOf?: AsOf;
  }): Promise<AgingReport & { accountsTruncated: boolean; computedAt: ComputedAt }> {
    let report: AgingReport;
    let computedAt: ComputedAt;
    if (params.asOf) {
      const replay =
        params.billingAccountId !== undefined
          ? await replayAccount({
              ...this.replayOptions(),
              billingAccountId: params.billingAccountId,
              asOf: params.asOf,
              parts: ['balances'],
            }).then((r) => ({ balances: r.state.balances, replayed: r.replayed }))
          : await replayLog({
              ...this.replayOptions(),
              asOf: params.asOf,
              parts: { balances: true },
            });
      report = agingReport(replay.balances as NonNullable<typeof replay.balances>, {
        asOf: params.date,
        ...(params.billingAccountId !== undefined
          ? { billingAccountId: params.billingAccountId }
          : {}),
      });
      computedAt = { source: 'replay', ...replay.replayed };
    } else {
      const live = await this.live('balances');
      const rows = await this.receivablesOpenAround(
        live.tables('receivables', 'balances'),
        params.date,
        params.billingAccountId,
      );
      report = agingReport(balancesWithInvoices(rows), {
        asOf: params.date,
        ...(params.billingAccountId !== undefined
          ? { billingAccountId: params.billingAccountId }
          : {}),
      });
      computedAt = live.computedAt;
    }
    return {
      ...report,
      accounts: report.accounts.slice(0, agingAccountsMax),
      accountsTruncated: report.accounts.length > agingAccountsMax,
      computedAt,
    };
  }

  /**
   * Receivables that may have been open at the end of `date`: issued by then, and either open
   * now or moved after it (a later payment, credit or write-off may have closed them since).
   */
  private async receivablesOpenAround(
    table: string,
    date: string,
    billingAccountId: string | undefined,
  ): Promise<ReceivableRow[]> {
    const { rows } = await this.db.query<ReceivableRow>(
      `SELECT ${receivableColumns} FROM ${table}
        WHERE issue_date <= $1 AND ($2::text IS NULL OR billing_account_id = $2)
          AND (amount_open <> 0
               OR jsonb_path_exists(movements, '$[*] ? (@.businessDate > $d)', jsonb_build_object('d', $1::text)))`,
      [date, billingAccountId ?? null],
    );
    return rows;
  }

  /** The customer statement of an account for the business-date period [from, to]. */
  async statement(params: {
    billingAccountId: string;
    from: string;
    to: string;
    asOf?: AsOf;
  }): Promise<CustomerStatement & { computedAt: ComputedAt }> {
    const period = { from: params.from, to: params.to };
    if (params.asOf) {
      const { state, replayed } = await replayAccount({
        ...this.replayOptions(),
        billingAccountId: params.billingAccountId,
        asOf: params.asOf,
        parts: ['statement'],
      });
      return {
        ...customerStatement(state.statement, params.billingAccountId, period),
        computedAt: { source: 'replay', ...replayed },
      };
    }
    const { tables, computedAt } = await this.live('statement');
    const { rows } = await this.db.query<StatementLineRow>(
      `SELECT ${statementLineColumns} FROM ${tables('statement_lines', 'statement')} t
        WHERE billing_account_id = $1 AND business_date <= $2
        ORDER BY t.global_position`,
      [params.billingAccountId, params.to],
    );
    return {
      ...customerStatement(statementWithLines(rows), params.billingAccountId, period),
      computedAt,
    };
  }

  /** Every event that touched the account, in global order, a page at a time. */
  async auditTrail(params: {
    billingAccountId: string;
    afterPosition?: number;
    limit: number;
    correlationId?: string;
    asOf?: AsOf;
  }): Promise<Page<AuditEntry> & { computedAt: ComputedAt }> {
    const after = params.afterPosition ?? 0;
    const limit = Math.min(params.limit, pageLimitMax);
    if (params.asOf) {
      const { state, replayed } = await replayAccount({
        ...this.replayOptions(),
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
    const { tables, computedAt } = await this.live('audit_trail');
    const { rows } = await this.db.query<AuditEntryRow>(
      `SELECT ${auditEntryColumns} FROM ${tables('audit_trail', 'audit_trail')} t
        WHERE billing_account_id = $1 AND t.global_position > $2
          AND ($3::text IS NULL OR correlation_id = $3)
        ORDER BY t.global_position LIMIT $4`,
      [params.billingAccountId, after, params.correlationId ?? null, limit + 1],
    );
    return { ...pageOf(rows.map(auditEntryOf), limit, (e) => e.globalPosition), computedAt };
  }

  /** A payment from receipt to its allocations and the invoices they reached; null if unknown. */
  async paymentTrail(
    paymentId: string,
    asOf?: AsOf,
  ): Promise<{ payment: PaymentFollowUp | null; computedAt: ComputedAt }> {
    if (asOf) {
      const billingAccountId = await accountOfPayment(this.db, paymentId);
      if (billingAccountId === null)
        return {
          payment: null,
          computedAt: {
            source: 'replay',
            asOf,
            position: await logPositionAt(this.db, asOf),
            eventsReplayed: 0,
          },
        };
      const { state, replayed } = await replayAccount({
        ...this.replayOptions(),
        billingAccountId,
        asOf,
        parts: ['auditTrail'],
      });
      return {
        payment: followPayment(state.auditTrail, paymentId),
        computedAt: { source: 'replay', ...replayed },
      };
    }
    const { tables, computedAt } = await this.live('audit_trail');
    const trails = await this.db.query<{ trail: PaymentTrail }>(
      `SELECT trail FROM ${tables('payment_trails', 'audit_trail')} WHERE payment_id = $1`,
      [paymentId],
    );
    const trail = trails.rows[0]?.trail;
    if (trail === undefined) return { payment: null, computedAt };
    const allocations = Object.values(trail.allocations);
    const eventIds = [
      ...(trail.receiptEventId ? [trail.receiptEventId] : []),
      ...allocations.flatMap((a) => a.eventIds),
      ...trail.refunds.map((r) => r.eventId),
      ...(trail.reversalEventId ? [trail.reversalEventId] : []),
      ...trail.confirmationEventIds,
    ];
    const entries = await this.db.query<AuditEntryRow>(
      `SELECT ${auditEntryColumns} FROM ${tables('audit_trail', 'audit_trail')} t
        WHERE event_id = ANY($1::text[]) ORDER BY t.global_position`,
      [eventIds],
    );
    const numbers = await this.db.query<{ invoice_id: string; number: string }>(
      `SELECT invoice_id, number FROM ${tables('audit_invoices', 'audit_trail')}
        WHERE invoice_id = ANY($1::text[])`,
      [allocations.map((a) => a.invoiceId)],
    );
    const state = auditTrailWith(entries.rows, [trail], numbers.rows);
    return { payment: followPayment(state, paymentId), computedAt };
  }

  /**
   * The billing metrics a coordinator tracks for the period [from, to]: payment turnaround,
   * overdue shares and dispute figures as they stood at the end of `to`, and the collection
   * effectiveness index over the period. Optionally for one account.
   */
  async metrics(params: {
    from: string;
    to: string;
    billingAccountId?: string;
    asOf?: AsOf;
    /** Also list the invoices behind every figure. */
    explain?: boolean;
  }): Promise<{
    from: string;
    to: string;
    billingAccountId: string | null;
    metrics: BillingMetrics;
    discrepancy: DiscrepancyRate;
    collectionEffectiveness: CollectionEffectiveness[];
    daysSalesOutstanding: DaysSalesOutstanding[];
    explanation?: MetricsExplanation;
    computedAt: ComputedAt;
  }> {
    const account =
      params.billingAccountId !== undefined ? { billingAccountId: params.billingAccountId } : {};
    let inputs: {
      balances: Parameters<typeof billingMetrics>[0];
      disputes: Parameters<typeof billingMetrics>[1];
    };
    let computedAt: ComputedAt;
    if (params.asOf) {
      if (params.billingAccountId !== undefined) {
        const { state, replayed } = await replayAccount({
          ...this.replayOptions(),
          billingAccountId: params.billingAccountId,
          asOf: params.asOf,
          parts: ['balances', 'disputes'],
        });
        inputs = { balances: state.balances, disputes: state.disputes };
        computedAt = { source: 'replay', ...replayed };
      } else {
        const replay = await replayLog({
          ...this.replayOptions(),
          asOf: params.asOf,
          parts: { balances: true, disputes: true },
        });
        inputs = {
          balances: replay.balances as NonNullable<typeof replay.balances>,
          disputes: replay.disputes as NonNullable<typeof replay.disputes>,
        };
        computedAt = { source: 'replay', ...replay.replayed };
      }
    } else {
      const live = await this.live('balances', 'metrics');
      const receivables = await this.db.query<ReceivableRow>(
        `SELECT ${receivableColumns} FROM ${live.tables('receivables', 'balances')}
          WHERE issue_date <= $1 AND ($2::text IS NULL OR billing_account_id = $2)`,
        [params.to, params.billingAccountId ?? null],
      );
      const disputes = await this.db.query<DisputeRow>(
        `SELECT ${disputeColumns} FROM ${live.tables('dispute_activity', 'metrics')}
          WHERE opened_on <= $1 AND ($2::text IS NULL OR billing_account_id = $2)`,
        [params.to, params.billingAccountId ?? null],
      );
      inputs = {
        balances: balancesWithInvoices(receivables.rows),
        disputes: disputeActivityWith(disputes.rows),
      };
      computedAt = live.computedAt;
    }
    const period = { from: params.from, to: params.to, ...account };
    const collectionEffectiveness = collectionEffectivenessIndex(inputs.balances, period);
    return {
      from: params.from,
      to: params.to,
      billingAccountId: params.billingAccountId ?? null,
      metrics: billingMetrics(inputs.balances, inputs.disputes, { asOf: params.to, ...account }),
      discrepancy: discrepancyRate(inputs.balances, period),
      collectionEffectiveness,
      daysSalesOutstanding: daysSalesOutstanding(collectionEffectiveness, period),
      ...(params.explain
        ? { explanation: explainMetrics(inputs.balances, inputs.disputes, period) }
        : {}),
      computedAt,
    };
  }

  /** Every version of every projection: which is live, how far each has read. */
  async projections(): Promise<ProjectionVersion[]> {
    return listVersions(this.db);
  }
}

interface JournalLineRow {
  global_position: string;
  line_no: number;
  event_id: string;
  event_type: string;
  billing_account_id: string;
  currency: string;
  business_date: string;
  reference: string;
  ledger_account: LedgerAccountId;
  side: 'debit' | 'credit';
  amount: string;
}

function entriesOfLines(rows: readonly JournalLineRow[]): JournalEntry[] {
  const entries: JournalEntry[] = [];
  for (const row of rows) {
    const position = Number(row.global_position);
    let entry = entries[entries.length - 1];
    if (entry === undefined || entry.globalPosition !== position) {
      entry = {
        entryId: row.event_id,
        eventId: row.event_id,
        eventType: row.event_type,
        globalPosition: position,
        billingAccountId: row.billing_account_id,
        currency: row.currency,
        businessDate: row.business_date,
        reference: row.reference,
        lines: [],
      };
      entries.push(entry);
    }
    entry.lines.push({ ledgerAccount: row.ledger_account, side: row.side, amount: row.amount });
  }
  return entries;
}
