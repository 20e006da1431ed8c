import { Controller, Get, Inject } from '@nestjs/common';
import { defaultDunningPolicy } from '@billing/collections-domain';
import { ApiContract, Roles } from '@billing/platform';
import { COLLECTIONS_DEPS, type CollectionsDeps } from '../../../shared/collections.deps';
import { DunningPoliciesView } from '../../dunning-policy.view';

@Controller('dunning-policies')
export class DunningPoliciesHttpController {
  constructor(@Inject(COLLECTIONS_DEPS) private readonly deps: CollectionsDeps) {}

  /**
   * The dunning policy of each configured segment (`COLLECTIONS_DUNNING_POLICIES`) and the default
   * one that every other segment follows.
   */
  @ApiContract({
    operationId: 'listDunningPolicies',
    summary: 'List the dunning policies per segment',
    response: DunningPoliciesView,
  })
  @Get()
  @Roles('collections-agent', 'billing-manager', 'billing-clerk', 'auditor')
  policies(): DunningPoliciesView {
    return {
      default: defaultDunningPolicy,
      segments: this.deps.settings.dunningPolicies,
    };
  }
}
