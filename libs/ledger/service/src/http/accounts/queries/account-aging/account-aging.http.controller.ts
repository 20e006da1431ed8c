import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiContract, AuditedRead, Roles } from '@billing/platform';
import { LedgerQueryContext } from '../../../../core/queries/ledger-query-context';
import { agingQuery } from '../../../receivables/queries/aging/aging.query';
import { AccountParams, AgingQuery } from '../../../shared/ledger-query.dto';
import { asOfOf } from '../../../shared/ledger-query.validators';
import { ledgerReaders } from '../../../shared/ledger-read-roles';
import { AgingReportView } from '../../../shared/ledger.views';

@ApiTags('accounts')
@Controller('accounts')
export class AccountAgingHttpController {
  constructor(private readonly ledger: LedgerQueryContext) {}

  @ApiContract({
    operationId: 'getAccountAging',
    summary: "Age an account's receivables at a date",
    response: AgingReportView,
  })
  @Get(':id/aging')
  @Roles(...ledgerReaders)
  @AuditedRead({ param: 'id' })
  @ApiOperation({
    summary: "An account's open receivables in aging buckets as of a business date",
    description: 'Buckets: current (not yet due), 1-30, 31-60, 61-90 and over 90 days past due.',
  })
  aging(@Param() { id }: AccountParams, @Query() query: AgingQuery): Promise<AgingReportView> {
    return agingQuery(this.ledger, {
      date: query.date,
      billingAccountId: id,
      ...withAsOf(query.asOf),
    });
  }
}

export function withAsOf(text: string | undefined) {
  const asOf = asOfOf(text);
  return asOf === undefined ? {} : { asOf };
}
