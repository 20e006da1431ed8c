import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@billing/kernel';
import { ApiContract, AuditedRead, Roles } from '@billing/platform';
import { LedgerQueryContext } from '../../../../core/queries/ledger-query-context';
import { paymentTrailQuery } from './payment-trail.query';
import { AsOfQuery, PaymentParams } from '../../../shared/ledger-query.dto';
import { asOfOf } from '../../../shared/ledger-query.validators';
import { ledgerReaders } from '../../../shared/ledger-read-roles';
import { PaymentTrailView } from './payment-trail.view';

@ApiTags('payments')
@Controller('payments')
export class PaymentTrailHttpController {
  constructor(private readonly ledger: LedgerQueryContext) {}

  @ApiContract({
    operationId: 'getPaymentTrail',
    summary: "Read a payment's trail",
    response: PaymentTrailView,
  })
  @Get(':id/trail')
  @Roles(...ledgerReaders)
  @AuditedRead({ responseField: 'billingAccountId' })
  @ApiOperation({
    summary: 'Follow a payment from receipt to allocations to the invoices it paid',
    description:
      'The receipt, every allocation with each event about it on the payment and the invoice side (actor, correlation, causation), the invoices reached with what is still applied, refunds, reversal and confirmations.',
  })
  async trail(
    @Param() { id }: PaymentParams,
    @Query() query: AsOfQuery,
  ): Promise<PaymentTrailView> {
    const result = await paymentTrailQuery(this.ledger, id, asOfOf(query.asOf));
    if (result.payment === null)
      throw new DomainError(
        'PAYMENT_NOT_FOUND',
        `The ledger has no payment ${id}${query.asOf ? ` as of ${query.asOf}` : ''}`,
        'not_found',
      );
    return { payment: result.payment, computedAt: result.computedAt };
  }
}
