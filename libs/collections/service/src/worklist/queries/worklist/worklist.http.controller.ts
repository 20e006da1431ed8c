import { Controller, Get, Inject, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { buildWorklist } from '@billing/collections-domain';
import { ApiContract, Roles } from '@billing/platform';
import { overdueCaseStates, segmentsOf } from '../../../read-models/case-rows';
import { COLLECTIONS_DEPS, type CollectionsDeps } from '../../../shared/collections.deps';
import { policyOf } from '../../../shared/collections.settings';
import { businessDate } from '../../../shared/command-context';

const entriesMax = 1_000;

export class WorklistQuery {
  /** Entries to return, most urgent first (default 100). */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  @Max(entriesMax, { message: `must be at most ${entriesMax}` })
  limit?: number;
}

@Controller('worklist')
export class WorklistHttpController {
  constructor(@Inject(COLLECTIONS_DEPS) private readonly deps: CollectionsDeps) {}

  /**
   * Today's accounts to contact, most urgent first (amount overdue × days overdue), each with its
   * next action. Invoices paused by a promise, fully disputed or fully planned are left out.
   */
  @ApiContract({ operationId: 'getWorklist', summary: "Read the collectors' worklist" })
  @Get()
  @Roles('collections-agent', 'billing-manager', 'auditor')
  async worklist(@Query() query: WorklistQuery) {
    const today = businessDate(this.deps.clock);
    const { cases, truncated } = await overdueCaseStates(this.deps.db, today);
    const accountIds = [...new Set(cases.map((state) => state.billingAccountId))];
    const segments = await segmentsOf(this.deps.db, accountIds);
    const segmentOfAccount = new Map(
      cases.map((s) => [s.invoiceId, segments.get(s.billingAccountId)]),
    );
    const entries = buildWorklist(
      // The account's current segment decides, whatever segment the invoice was tracked under.
      cases.map((state) => ({
        ...state,
        segment: segmentOfAccount.get(state.invoiceId) ?? 'standard',
      })),
      today,
      (segment) => policyOf(this.deps.settings, segment),
    );
    const limit = query.limit ?? 100;
    return {
      date: today,
      accountCount: entries.length,
      entries: entries.slice(0, limit),
      truncated: truncated || entries.length > limit,
    };
  }
}
