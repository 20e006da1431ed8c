import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { DomainError } from '@billing/kernel';
import { reviewProblems } from '@billing/invoicing-domain';
import { ApiContract, chosenBusinessDate, Roles } from '@billing/platform';
import { httpCommandContext } from '../../../shared/command-context';
import { IdParams } from '../../../shared/id.params';
import { InvoicingCommands } from '../../../shared/invoicing-commands';
import { issueNumbered } from '../../../shared/numbered-document';
import { InvoiceView, invoiceView } from '../invoice.view';
import { otherInvoicesOf } from '../other-invoices';
import { IssueInvoiceDto } from './issue-invoice.dto';

@Controller('invoices')
export class IssueInvoiceHttpController {
  constructor(private readonly commands: InvoicingCommands) {}

  /**
   * Reviews, then issues with the next number of the year's series and the due date from the
   * account's terms, number and invoice in one append: a refused issue burns no number. The issue
   * date is today's unless the body chooses one (not in the future, not before the series' last).
   */
  @ApiContract({
    operationId: 'issueInvoice',
    summary: 'Issue a draft invoice with the next number',
    response: InvoiceView,
  })
  @Post(':id/issue')
  @HttpCode(200)
  @Roles('billing-clerk', 'billing-manager')
  async issue(@Param() { id }: IdParams, @Body() dto: IssueInvoiceDto = {}) {
    const { clock, db, store } = this.commands.deps;
    const invoice = await this.commands.loadInvoice(id);
    if (invoice.status !== 'draft') {
      if (invoice.number !== null) return invoiceView(invoice); // issued already: same answer again
      throw new DomainError('INVOICE_NOT_DRAFT', `The invoice is ${invoice.status}`, 'conflict');
    }
    const account = await this.commands.accountSnapshot(invoice.billingAccountId);
    const otherInvoices = await otherInvoicesOf(db, invoice.billingAccountId, id);
    const problems = reviewProblems(invoice, account, otherInvoices);
    if (problems.length > 0) {
      throw new DomainError(
        'INVOICE_NOT_READY',
        `The invoice cannot be issued: ${problems.map((p) => p.code).join(', ')}`,
        'invalid',
        problems.map((p) => ({ field: p.field, reason: `${p.code}: ${p.message}` })),
      );
    }
    const issueDate = chosenBusinessDate(clock, dto.issueDate, 'issueDate');
    // The invoice and its number are appended together: a refused issue takes no number.
    const { answer } = await issueNumbered(
      store,
      { kind: 'invoice', documentId: id, billingAccountId: invoice.billingAccountId, issueDate },
      httpCommandContext(clock, 'issue'),
      async (number) => {
        const planned = await this.commands.planInvoice(id, {
          type: 'IssueInvoice',
          data: { invoiceId: id, account, otherInvoices, number, issueDate },
        });
        return { appends: [planned.append], answer: planned.state };
      },
    );
    await this.commands.settle();
    return invoiceView(answer);
  }
}
