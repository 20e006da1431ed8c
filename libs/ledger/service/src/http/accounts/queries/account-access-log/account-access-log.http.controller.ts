import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ACCESS_LOG,
  type AccessLog,
  ApiContract,
  AuditedRead,
  Roles,
  SqlAccessLogStore,
} from '@billing/platform';
import { AccessLogQuery, AccountParams } from '../../../shared/ledger-query.dto';
import { LEDGER_DEPS, type LedgerDeps } from '../../../shared/ledger.deps';

@ApiTags('accounts')
@Controller('accounts')
export class AccountAccessLogHttpController {
  private readonly entries: SqlAccessLogStore;

  constructor(
    @Inject(LEDGER_DEPS) deps: LedgerDeps,
    @Inject(ACCESS_LOG) private readonly accessLog: AccessLog,
  ) {
    this.entries = new SqlAccessLogStore(deps.db);
  }

  @ApiContract({ operationId: 'getAccountAccessLog', summary: "Read who read an account's data" })
  @Get(':id/access-log')
  @Roles('auditor')
  @AuditedRead({ param: 'id' })
  @ApiOperation({
    summary: "Who read the account's data (auditors only)",
    description:
      "Every read of the account's data by a person, in every service and the CLI, oldest first: who (token subject and roles), what (route or command), when, and the correlation id. Reads other processes served reach the log within their flush interval (200 ms by default).",
  })
  async list(@Param() { id }: AccountParams, @Query() query: AccessLogQuery) {
    // What this process has served so far is in the answer, not only what its timer wrote.
    await this.accessLog.flush();
    const limit = query.limit === undefined ? 100 : Number(query.limit);
    const entries = await this.entries.ofAccount(id, { afterAccessId: query.after, limit });
    const last = entries[entries.length - 1];
    return {
      billingAccountId: id,
      entries,
      next: entries.length === limit && last ? last.accessId : null,
    };
  }
}
