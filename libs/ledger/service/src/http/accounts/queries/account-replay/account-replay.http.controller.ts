import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiContract, AuditedRead, Roles } from '@billing/platform';
import { replayAccountAsOf } from '../../../../core/ledger-api';
import { AccountParams, AsOfQuery } from '../../../shared/ledger-query.dto';
import { LEDGER_DEPS, type LedgerDeps } from '../../../shared/ledger.deps';
import { ledgerReaders } from '../../../shared/ledger-read-roles';
import { withAsOf } from '../account-aging/account-aging.http.controller';

@ApiTags('accounts')
@Controller('accounts')
export class AccountReplayHttpController {
  constructor(@Inject(LEDGER_DEPS) private readonly deps: LedgerDeps) {}

  @ApiContract({ operationId: 'replayAccount', summary: "Replay an account's events from the log" })
  @Get(':id/replay')
  @Roles(...ledgerReaders)
  @AuditedRead({ param: 'id' })
  @ApiOperation({
    summary: "An account's history and figures replayed from the log",
    description:
      'The timeline (every event with who, when and why), balances, invoices and journal entries, folded from the log as of asOf (now if absent); the live read model is not read.',
  })
  replay(@Param() { id }: AccountParams, @Query() query: AsOfQuery) {
    return replayAccountAsOf({
      db: this.deps.db,
      billingAccountId: id,
      ...withAsOf(query.asOf),
      ...(this.deps.upcasters ? { upcasters: this.deps.upcasters } : {}),
    });
  }
}
