import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiContract, Roles } from '@billing/platform';
import { LedgerQueryContext } from '../../../../core/queries/ledger-query-context';
import { agingQuery } from './aging.query';
import { TotalAgingQuery } from '../../../shared/ledger-query.dto';
import { ledgerReaders } from '../../../shared/ledger-read-roles';
import { withAsOf } from '../../../accounts/queries/account-aging/account-aging.http.controller';
import { AgingReportView } from '../../../shared/ledger.views';

@ApiTags('receivables')
@Controller('aging')
export class AgingHttpController {
  constructor(private readonly ledger: LedgerQueryContext) {}

  @ApiContract({
    operationId: 'getReceivablesAging',
    summary: 'Age all receivables at a date',
    response: AgingReportView,
  })
  @Get()
  @Roles(...ledgerReaders)
  @ApiOperation({
    summary: 'Open receivables in aging buckets as of a business date, per account and in total',
    description:
      'Totals per currency over every account; the first 1000 accounts are listed (accountsTruncated says when there are more).',
  })
  aging(@Query() query: TotalAgingQuery): Promise<AgingReportView> {
    return agingQuery(this.ledger, {
      date: query.date,
      ...(query.billingAccountId !== undefined ? { billingAccountId: query.billingAccountId } : {}),
      ...withAsOf(query.asOf),
    });
  }
}
