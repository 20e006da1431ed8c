import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiContract, requestEventMetadata, Roles } from '@billing/platform';
import { DisputeEscalations } from '../../dispute-escalations';
import { service } from '../../../shared/disputes.deps';

@Controller('escalations')
export class RunEscalationsHttpController {
  constructor(private readonly escalations: DisputeEscalations) {}

  /**
   * Escalates every open dispute past its resolution due date (as of the service's business
   * date) to a billing manager, each once however often this runs. For a scheduler (`service`
   * token) or a billing manager.
   */
  @ApiContract({ operationId: 'runEscalations', summary: 'Escalate the disputes past their SLA' })
  @Post('run')
  @HttpCode(200)
  @Roles('billing-manager', 'service')
  run() {
    return this.escalations.run(requestEventMetadata(service));
  }
}
