import { Controller, Get, Inject, Param } from '@nestjs/common';
import { DomainError } from '@billing/kernel';
import { Money } from '@billing/money';
import { ApiContract, AuditedRead, Roles } from '@billing/platform';
import { knownInvoice } from '../../../read-models/invoices.read-model';
import { DISPUTES_DEPS, type DisputesDeps } from '../../../shared/disputes.deps';
import { IdParams } from '../../../shared/id.params';

@Controller('invoices')
export class GetInvoiceHttpController {
  constructor(@Inject(DISPUTES_DEPS) private readonly deps: DisputesDeps) {}

  /**
   * The invoice as disputes learned it from invoicing's events: lines, total, open amount, what
   * open disputes hold and what is left to dispute. 404 until invoicing's InvoiceIssued arrives.
   */
  @ApiContract({
    operationId: 'getDisputableInvoice',
    summary: 'Read an invoice with what can still be disputed',
  })
  @Get(':id')
  @Roles('billing-clerk', 'billing-manager', 'collections-agent', 'auditor')
  @AuditedRead({ responseField: 'billingAccountId' })
  async get(@Param() { id }: IdParams) {
    const invoice = await knownInvoice(this.deps.db, id);
    if (!invoice)
      throw new DomainError(
        'INVOICE_NOT_KNOWN',
        `Invoice ${id} is not known to disputes (not issued, or not yet learned from invoicing)`,
        'not_found',
      );
    const left = Money.of(invoice.amountOpen, invoice.currency).subtract(
      Money.of(invoice.amountOnHold, invoice.currency),
    );
    const amountDisputable =
      invoice.status === 'voided' || !left.isPositive() ? Money.zero(invoice.currency) : left;
    return { ...invoice, amountDisputable: amountDisputable.amount };
  }
}
