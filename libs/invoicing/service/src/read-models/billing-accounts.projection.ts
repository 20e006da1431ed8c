import type { RecordedEvent, SqlExecutor } from '@billing/event-store';
import type { BillingAccountEvent } from '@billing/contracts';
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
  }
}
