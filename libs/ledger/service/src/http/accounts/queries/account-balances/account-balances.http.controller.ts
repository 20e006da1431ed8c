import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiContract, AuditedRead, Roles } from '@billing/platform';
import { LedgerQueryContext } from '../../../../core/queries/ledger-query-context';
import { accountBalancesQuery } from './account-balances.query';
import { AccountParams, AsOfQuery } from '../../../shared/ledger-query.dto';
import { asOfOf } from '../../../shared/ledger-query.validators';
import { ledgerReaders } from '../../../shared/ledger-read-roles';
import { AccountBalancesView } from './account-balances.view';

@ApiTags('accounts')
@Controller('accounts')
export class AccountBalancesHttpController {
  constructor(private readonly ledger: LedgerQueryContext) {}

  @ApiContract({
    operationId: 'getAccountBalances',
    summary: "Read an account's balances per currency",
    response: AccountBalancesView,
  })
  @Get(':id/balances')
  @Roles(...ledgerReaders)
  @AuditedRead({ param: 'id' })
  @ApiOperation({
    summary: "An account's balances per currency",
    description:
      'Invoiced, voided, credited, paid, written off, received, refunded, reversed, unapplied credit, open receivable and balance due, per currency.',
  })
  balances(
    @Param() { id }: AccountParams,
    @Query() query: AsOfQuery,
  ): Promise<AccountBalancesView> {
    return accountBalancesQuery(this.ledger, id, asOfOf(query.asOf));
  }
}
