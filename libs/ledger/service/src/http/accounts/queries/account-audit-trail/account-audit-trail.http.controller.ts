import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiContract, AuditedRead, Roles } from '@billing/platform';
import { LedgerQueryContext } from '../../../../core/queries/ledger-query-context';
import { accountAuditTrailQuery } from './account-audit-trail.query';
import {
  AccountParams,
  AuditTrailQuery,
  afterPositionOf,
  limitOf,
} from '../../../shared/ledger-query.dto';
import { ledgerReaders } from '../../../shared/ledger-read-roles';
import { withAsOf } from '../account-aging/account-aging.http.controller';
import { AuditTrailPageView } from '../../../shared/ledger.views';

@ApiTags('accounts')
@Controller('accounts')
export class AccountAuditTrailHttpController {
  constructor(private readonly ledger: LedgerQueryContext) {}

  @ApiContract({
    operationId: 'getAccountAuditTrail',
    summary: "Read an account's audit trail",
    response: AuditTrailPageView,
  })
  @Get(':id/audit-trail')
  @Roles(...ledgerReaders)
  @AuditedRead({ param: 'id' })
  @ApiOperation({
    summary: 'Every event of every service that touched the account, a page at a time',
    description:
      'Each with actor, recorded time, business time, correlation and causation ids, stream and global position. Filter by correlationId to follow one flow.',
  })
  auditTrail(
    @Param() { id }: AccountParams,
    @Query() query: AuditTrailQuery,
  ): Promise<AuditTrailPageView> {
    return accountAuditTrailQuery(this.ledger, {
      billingAccountId: id,
      afterPosition: afterPositionOf(query),
      limit: limitOf(query),
      ...(query.correlationId !== undefined ? { correlationId: query.correlationId } : {}),
      ...withAsOf(query.asOf),
    });
  }
}
