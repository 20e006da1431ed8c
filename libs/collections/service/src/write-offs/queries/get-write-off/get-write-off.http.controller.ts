import { Controller, Get, Param } from '@nestjs/common';
import { ApiContract, AuditedRead, Roles } from '@billing/platform';
import { IdParams } from '../../../shared/id.params';
import { WriteOffView, WriteOffViews } from '../../write-off.view';

@Controller('write-offs')
export class GetWriteOffHttpController {
  constructor(private readonly views: WriteOffViews) {}

  /** The request, its threshold, and who approved or rejected it, when and why. */
  @ApiContract({ operationId: 'getWriteOff', summary: 'Read a write-off', response: WriteOffView })
  @Get(':id')
  @Roles('collections-agent', 'billing-manager', 'billing-clerk', 'auditor')
  @AuditedRead({ responseField: 'billingAccountId' })
  get(@Param() { id }: IdParams): Promise<WriteOffView> {
    return this.views.get(id);
  }
}
