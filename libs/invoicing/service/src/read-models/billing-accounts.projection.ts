import type { RecordedEvent, SqlExecutor } from '@billing/event-store';
import { erasedPersonalData, personalFieldsOf, type BillingAccountEvent } from '@billing/contracts';
import type { Projection } from '@billing/read-models';

/** `invoicing_rm.billing_accounts`: one row per account, as the checklist and holds left it. */
export const billingAccountsProjection: Projection = {
  name: 'invoicing.billing-accounts.v1',
  filter: { categories: ['billingaccount'] },
  apply: (event, db) => applyAccountEvent(event as RecordedEvent & BillingAccountEvent, db),
};

async function applyAccountEvent(
  event: RecordedEvent & BillingAccountEvent,
  db: SqlExecutor,
): Promise<void> {
  const at = event.occurredAt;
  const set = (assignments: string, values: unknown[]) =>
    db.query(
      `UPDATE invoicing_rm.billing_accounts SET ${assignments}, updated_at = $2 WHERE billing_account_id = $1`,
      [event.data.billingAccountId, at, ...values],
    );
  switch (event.type) {
    case 'BillingAccountOpened': {
      const d = event.data;
      await db.query(
        `INSERT INTO invoicing_rm.billing_accounts (billing_account_id, legal_name, email, currency,
           payment_terms_days, purchase_order_required, status, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'open', $7) ON CONFLICT (billing_account_id) DO NOTHING`,
        [
          d.billingAccountId,
          d.legalName,
          d.email,
          d.currency,
          d.paymentTermsDays,
          d.purchaseOrderRequired,
          at,
        ],
      );
      return;
    }
    case 'BillingDetailsUpdated': {
      const d = event.data;
      await set(
        'legal_name = $3, email = $4, currency = $5, purchase_order_required = $6, verified = false',
        [d.legalName, d.email, d.currency, d.purchaseOrderRequired],
      );
      return;
    }
    case 'BillingDetailsVerified':
      await set(`verified = true, verification_problems = '[]'`, []);
      return;
    case 'BillingDetailsVerificationFailed':
      await set('verified = false, verification_problems = $3', [
        JSON.stringify(event.data.problems),
      ]);
      return;
    case 'PaymentTermsChanged':
      await set('payment_terms_days = $3', [event.data.paymentTermsDays]);
      return;
    case 'CreditHoldPlaced':
      await set('on_hold = true, hold_reason = $3', [event.data.reason]);
      return;
    case 'CreditHoldReleased':
      await set('on_hold = false, hold_reason = NULL', []);
      return;
    case 'BillingAccountClosed':
      await set(`status = 'closed'`, []);
      return;
    case 'PersonalDataErased':
      await erasePersonalColumns(event.data.billingAccountId, db);
      return;
  }
}

/**
 * Rows are not encrypted: what the read models copied from the account's events before its key
 * was destroyed is overwritten here. A rebuild reads the events as `[erased]` and writes the same.
 */
async function erasePersonalColumns(billingAccountId: string, db: SqlExecutor): Promise<void> {
  await db.query(
    `UPDATE invoicing_rm.billing_accounts SET legal_name = $2, email = $2
      WHERE billing_account_id = $1`,
    [billingAccountId, erasedPersonalData],
  );
  // The invoice history keeps each event's data: blank the personal fields of those that have any.
  for (const type of ['InvoiceSent']) {
    for (const field of personalFieldsOf(type)) {
      await db.query(
        `UPDATE invoicing_rm.invoice_history
            SET details = jsonb_set(details, $3::text[], to_jsonb($4::text))
          WHERE type = $2 AND details #> $3::text[] IS NOT NULL
            AND invoice_id IN (SELECT invoice_id FROM invoicing_rm.invoices WHERE billing_account_id = $1)`,
        [billingAccountId, type, field.split('.'), erasedPersonalData],
      );
    }
  }
}
