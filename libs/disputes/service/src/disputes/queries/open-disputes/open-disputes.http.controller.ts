import { Controller, Get, Inject, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { disputeDepartments, type DisputeDepartment } from '@billing/contracts';
import {
  openDisputesByAge,
  openDisputesByAgeAndOwner,
  type OpenDisputeFacts,
} from '@billing/disputes-domain';
import { ApiContract, IsRecordId, IsSingleLineText, Roles } from '@billing/platform';
import { businessDate } from '../../../shared/command-context';
import { DISPUTES_DEPS, type DisputesDeps } from '../../../shared/disputes.deps';

/** Bound of one answer: the oldest this many open disputes that match. */
const openDisputesMax = 1_000;

export class OpenDisputesQuery {
  /** Only this owner's disputes. */
  @IsOptional() @IsSingleLineText(200) owner?: string;
  /** `true`: only disputes nobody owns yet. */
  @IsOptional() @IsIn(['true', 'false'], { message: 'must be true or false' }) unassigned?: string;
  @IsOptional()
  @IsIn(disputeDepartments, { message: `must be one of ${disputeDepartments.join(', ')}` })
  department?: DisputeDepartment;
  @IsOptional() @IsRecordId() billingAccountId?: string;
  /** `true`: only those past their resolution due date; `false`: only those still within it. */
  @IsOptional() @IsIn(['true', 'false'], { message: 'must be true or false' }) overdue?: string;
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1)
  @Max(openDisputesMax)
  limit?: number;
}

@Controller('open-disputes')
export class OpenDisputesHttpController {
  constructor(@Inject(DISPUTES_DEPS) private readonly deps: DisputesDeps) {}

  /**
   * Open disputes, oldest first, as one list and grouped by owner (unassigned first), with age in
   * days as of the business date, age bucket and whether each is past its resolution due date.
   */
  @ApiContract({ operationId: 'listOpenDisputes', summary: 'List open disputes' })
  @Get()
  @Roles('billing-clerk', 'billing-manager', 'collections-agent', 'auditor')
  async list(@Query() query: OpenDisputesQuery) {
    const today = businessDate(this.deps.clock);
    const { rows } = await this.deps.db.query<OpenDisputeFacts>(
      `SELECT status, dispute_id AS "disputeId", billing_account_id AS "billingAccountId",
              invoice_id AS "invoiceId", amount, currency, reason_category AS "reasonCategory", source,
              opened_at AS "openedAt", resolution_due_date AS "resolutionDueDate", owner, department,
              escalated
         FROM disputes_rm.disputes
        WHERE status = 'open'
          AND ($1::text IS NULL OR owner = $1)
          AND ($2::boolean IS NULL OR (owner IS NULL) = $2)
          AND ($3::text IS NULL OR department = $3)
          AND ($4::text IS NULL OR billing_account_id = $4)
          AND ($5::boolean IS NULL OR (resolution_due_date < $6) = $5)
        ORDER BY opened_at, dispute_id LIMIT $7`,
      [
        query.owner ?? null,
        query.unassigned === undefined ? null : query.unassigned === 'true',
        query.department ?? null,
        query.billingAccountId ?? null,
        query.overdue === undefined ? null : query.overdue === 'true',
        today,
        query.limit ?? openDisputesMax,
      ],
    );
    return {
      asOf: today,
      count: rows.length,
      disputes: openDisputesByAge(rows, today),
      byOwner: openDisputesByAgeAndOwner(rows, today),
    };
  }
}
