import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiContract, Roles } from '@billing/platform';
import { LedgerQueryContext } from '../../../../core/queries/ledger-query-context';
import { billingMetricsQuery } from './billing-metrics.query';
import { MetricsQuery } from '../../../shared/ledger-query.dto';
import { requirePeriod } from '../../../shared/ledger-query.validators';
import { ledgerReaders } from '../../../shared/ledger-read-roles';
import { withAsOf } from '../../../accounts/queries/account-aging/account-aging.http.controller';
import { BillingMetricsAnswerView } from './billing-metrics.view';

@ApiTags('metrics')
@Controller('metrics')
export class BillingMetricsHttpController {
  constructor(private readonly ledger: LedgerQueryContext) {}

  @ApiContract({
    operationId: 'getBillingMetrics',
    summary: 'Read the billing metrics of a period',
    response: BillingMetricsAnswerView,
  })
  @Get()
  @Roles(...ledgerReaders)
  @ApiOperation({
    summary: 'Billing metrics for a period',
    description:
      'Average payment turnaround (issue date to the received date of the completing payment), share of invoices and of amount overdue, dispute rate and average days to resolve, as they stood at the end of the period; the discrepancy rate (invoices issued in the period that a credit note or a void corrected, over those issued), the collection effectiveness index and days sales outstanding over it. explain=true lists the invoices behind every figure.',
  })
  metrics(@Query() query: MetricsQuery): Promise<BillingMetricsAnswerView> {
    requirePeriod(query.from, query.to);
    return billingMetricsQuery(this.ledger, {
      from: query.from,
      to: query.to,
      ...(query.billingAccountId !== undefined ? { billingAccountId: query.billingAccountId } : {}),
      ...withAsOf(query.asOf),
      explain: query.explain === 'true',
    });
  }
}
