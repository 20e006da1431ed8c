import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiContract, Roles } from '@billing/platform';
import { LedgerQueryContext } from '../../../../core/queries/ledger-query-context';
import { trialBalanceQuery } from './trial-balance.query';
import { AsOfQuery } from '../../../shared/ledger-query.dto';
import { asOfOf } from '../../../shared/ledger-query.validators';
import { ledgerReaders } from '../../../shared/ledger-read-roles';
import { TrialBalanceView } from '../../../shared/ledger.views';

@ApiTags('journal')
@Controller('trial-balance')
export class TrialBalanceHttpController {
  constructor(private readonly ledger: LedgerQueryContext) {}

  @ApiContract({
    operationId: 'getTrialBalance',
    summary: 'Read the trial balance',
    response: TrialBalanceView,
  })
  @Get()
  @Roles(...ledgerReaders)
  @ApiOperation({
    summary: 'The trial balance per currency',
    description:
      'Debit and credit totals and balance per ledger account; each currency nets to exactly zero. With asOf, replayed from the log at that global position or commit time.',
  })
  trialBalance(@Query() query: AsOfQuery): Promise<TrialBalanceView> {
    return trialBalanceQuery(this.ledger, asOfOf(query.asOf));
  }
}
