import { Controller, Get, Inject, Param } from '@nestjs/common';
import { DomainError } from '@billing/kernel';
import { ApiContract, AuditedRead, Roles } from '@billing/platform';
import { IdParams } from '../../../shared/id.params';
import { InvoicingCommands } from '../../../shared/invoicing-commands';
import { INVOICING_DEPS, type InvoicingDeps } from '../../../shared/invoicing.deps';
import { BillingAccountView } from '../../billing-account.views';

@Controller('billing-accounts')
export class GetBillingAccountHttpController {
  constructor(
    @Inject(INVOICING_DEPS) private readonly deps: InvoicingDeps,
    private readonly commands: InvoicingCommands,
  ) {}

  @ApiContract({
    operationId: 'getBillingAccount',
    summary: 'Read a billing account',
    response: BillingAccountView,
  })
  @Get(':id')
  @Roles('billing-clerk', 'billing-manager', 'collections-agent', 'auditor')
  @AuditedRead({ param: 'id' })
  async get(@Param() { id }: IdParams): Promise<BillingAccountView> {
    const { rows } = await this.deps.db.query<BillingAccountView>(
      `SELECT billing_account_id AS "billingAccountId", legal_name AS "legalName", email, currency,
              payment_terms_days AS "paymentTermsDays", purchase_order_required AS "purchaseOrderRequired",
              status, verified, verification_problems AS "verificationProblems", on_hold AS "onHold",
              hold_reason AS "holdReason"
         FROM invoicing_rm.billing_accounts WHERE billing_account_id = $1`,
      [id],
    );
    if (!rows[0])
      throw new DomainError(
        'ACCOUNT_NOT_FOUND',
        `Billing account ${id} does not exist`,
        'not_found',
      );
    // The rest of the details a coordinator corrects (contact, address, tax id) are personal
    // data the read model does not copy: read from the account's own stream (a few events).
    const { details } = await this.commands.loadAccount(id);
    return {
      ...rows[0],
      billingContactName: details?.billingContactName ?? null,
      address: details?.address ?? null,
      country: details?.country ?? null,
      taxId: details?.taxId ?? null,
    };
  }
}
