import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiContract, Roles } from '@billing/platform';
import { LedgerQueryContext } from '../../../../core/queries/ledger-query-context';
import { listVersions } from '../../../../core/registry/projection-registry';
import { ledgerReaders } from '../../../shared/ledger-read-roles';
import { ProjectionVersionsView } from '../../../shared/ledger.views';

@ApiTags('projections')
@Controller('projections')
export class ProjectionVersionsHttpController {
  constructor(private readonly ledger: LedgerQueryContext) {}

  @ApiContract({
    operationId: 'listProjectionVersions',
    summary: "List the ledger projections' versions",
    response: ProjectionVersionsView,
  })
  @Get()
  @Roles(...ledgerReaders)
  @ApiOperation({
    summary: 'Every version of every ledger projection',
    description:
      'Which version is live, which were rebuilt, retired or rejected, and how far each has read the log.',
  })
  async versions(): Promise<ProjectionVersionsView> {
    return { versions: await listVersions(this.ledger.db) };
  }
}
