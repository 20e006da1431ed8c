import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiContract, Roles } from '@billing/platform';
import { DISPUTES_DEPS, type DisputesDeps } from '../../../shared/disputes.deps';
import { DisputeListView } from './dispute-list-item.view';
import { listDisputes } from './list-disputes.read-model';
import { ListDisputesQuery } from './list-disputes.query';

@Controller('disputes')
export class ListDisputesHttpController {
  constructor(@Inject(DISPUTES_DEPS) private readonly deps: DisputesDeps) {}

  /**
   * Disputes of every status, oldest opened first, filtered by status, owner (the assignee, or unassigned),
   * invoice, account and department. `GET /disputes/open-disputes` adds ages and due dates.
   */
  @ApiContract({
    operationId: 'listDisputes',
    summary: 'List and search disputes',
    response: DisputeListView,
  })
  @Get()
  @Roles('billing-clerk', 'billing-manager', 'collections-agent', 'auditor')
  list(@Query() query: ListDisputesQuery): Promise<DisputeListView> {
    return listDisputes(this.deps.db, query);
  }
}
