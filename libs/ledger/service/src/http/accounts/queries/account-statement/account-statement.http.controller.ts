import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiContract, AuditedRead, Roles } from '@billing/platform';
import { LedgerQueryContext } from '../../../../core/queries/ledger-query-context';
import { accountStatementQuery } from './account-statement.query';
import { AccountParams, PeriodQuery } from '../../../shared/ledger-query.dto';
import { requirePeriod } from '../../../shared/ledger-query.validators';
import { ledgerReaders } from '../../../shared/ledger-read-roles';
import { withAsOf } from '../account-aging/account-aging.http.controller';
import { StatementView } from '../../../shared/ledger.views';

@ApiTags('accounts')
@Controller('accounts')
export class AccountStatementHttpController {
  constructor(private readonly ledger: LedgerQueryContext) {}

  @ApiContract({
    operationId: 'getAccountStatement',
    summary: "Read an account's statement for a period",
    response: StatementView,
  })
  @Get(':id/statement')
  @Roles(...ledgerReaders)
  @AuditedRead({ param: 'id' })
  @ApiOperation({
    summary: 'The customer statement of an account for a period',
    description:
      'Opening balance, each invoice, void, credit note, payment, reversal, write-off and refund with its reference and running balance, and the closing balance, per currency.',
  })
  statement(@Param() { id }: AccountParams, @Query() query: PeriodQuery): Promise<StatementView> {
    requirePeriod(query.from, query.to);
    return accountStatementQuery(this.ledger, {
      billingAccountId: id,
      from: query.from,
      to: query.to,
      ...withAsOf(query.asOf),
    });
  }
}
