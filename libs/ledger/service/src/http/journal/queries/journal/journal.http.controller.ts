import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiContract, Roles } from '@billing/platform';
import { LedgerQueryContext } from '../../../../core/queries/ledger-query-context';
import { journalQuery } from './journal.query';
import { JournalQuery, afterPositionOf, limitOf } from '../../../shared/ledger-query.dto';
import { ledgerReaders } from '../../../shared/ledger-read-roles';
import { withAsOf } from '../../../accounts/queries/account-aging/account-aging.http.controller';
import { JournalPageView } from '../../../shared/ledger.views';

@ApiTags('journal')
@Controller('journal')
export class JournalHttpController {
  constructor(private readonly ledger: LedgerQueryContext) {}

  @ApiContract({
    operationId: 'getJournal',
    summary: 'Read the double-entry journal',
    response: JournalPageView,
  })
  @Get()
  @Roles(...ledgerReaders)
  @ApiOperation({
    summary: 'Double-entry journal entries in global order, a page at a time',
    description:
      'One balanced entry per financial event: its lines (ledger account, debit or credit, amount), business date, reference and billing account.',
  })
  journal(@Query() query: JournalQuery): Promise<JournalPageView> {
    return journalQuery(this.ledger, {
      afterPosition: afterPositionOf(query),
      limit: limitOf(query),
      ...(query.billingAccountId !== undefined ? { billingAccountId: query.billingAccountId } : {}),
      ...withAsOf(query.asOf),
    });
  }
}
