import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiContract, Roles } from '@billing/platform';
import { httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { InvoiceReviewView } from '../invoice.view';
import { InvoicingCommands } from '../../../shared/invoicing-commands';
import { otherInvoicesOf } from '../other-invoices';

@Controller('invoices')
export class ReviewInvoiceHttpController {
  constructor(private readonly commands: InvoicingCommands) {}

  /** Every problem at once: `{ ready, problems[] }`. */
  @ApiContract({
    operationId: 'reviewInvoice',
    summary: 'Review a draft invoice before issue',
    response: InvoiceReviewView,
  })
  @Post(':id/review')
  @HttpCode(200)
  @Roles('billing-clerk', 'billing-manager')
  async review(@Param() { id }: IdParams): Promise<InvoiceReviewView> {
    const { clock, db } = this.commands.deps;
    const invoice = await this.commands.loadInvoice(id);
    const account = await this.commands.accountSnapshot(invoice.billingAccountId);
    const otherInvoices = await otherInvoicesOf(db, invoice.billingAccountId, id);
    const result = await this.commands.invoice(
      id,
      {
        type: 'ReviewInvoice',
        data: { invoiceId: id, account, otherInvoices, reviewedAt: clock.now().toISOString() },
      },
      httpCommandContext(clock, 'review'),
    );
    await this.commands.settle();
    return {
      invoiceId: id,
      ready: result.state.lastReview?.ready ?? false,
      problems: result.state.lastReview?.problems ?? [],
    };
  }
}
