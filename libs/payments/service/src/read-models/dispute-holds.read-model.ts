import type { SqlExecutor } from '@billing/event-store';
import type { CreditNoteIssued, DisputeEvent, InvoiceAdjustmentRejected } from '@billing/contracts';
import { Money } from '@billing/money';

/**
 * `payments_rm.dispute_holds`: the disputed amount of each dispute, which automatic allocation
 * leaves alone. Same semantics as collections' dispute holds: an opening holds the amount; a
 * rejection or withdrawal releases it; an acceptance releases the part not accepted and keeps the
 * accepted part held until invoicing's credit note for the dispute lowers the open amount, or
 * invoicing refuses that credit note (InvoiceAdjustmentRejected). Every
 * write is guarded by the dispute's status, so a redelivered or late event changes nothing.
 */
export async function applyDisputeEvent(event: DisputeEvent, db: SqlExecutor): Promise<void> {
  switch (event.type) {
    case 'DisputeOpened': {
      const d = event.data;
      // A credit note that arrived first left a closed row: the dispute must not hold again.
      await db.query(
        `INSERT INTO payments_rm.dispute_holds (dispute_id, invoice_id, billing_account_id, currency,
           amount_held, status)
         VALUES ($1, $2, $3, $4, $5, 'open') ON CONFLICT (dispute_id) DO NOTHING`,
        [d.disputeId, d.invoiceId, d.billingAccountId, d.currency, d.amount],
      );
      return;
    }
    case 'DisputeAccepted':
    case 'DisputeRejected':
    case 'DisputeWithdrawn':
      await releaseResolvedHold(event.data.disputeId, event.data.releasedAmount, db);
      return;
    default:
      return;
  }
}

/** A dispute is resolved once: only an open hold is released, so its accepted part stays held. */
async function releaseResolvedHold(
  disputeId: string,
  releasedAmount: string,
  db: SqlExecutor,
): Promise<void> {
  const { rows } = await db.query<{ amount_held: string; currency: string }>(
    `SELECT amount_held, currency FROM payments_rm.dispute_holds
      WHERE dispute_id = $1 AND status = 'open'`,
    [disputeId],
  );
  const hold = rows[0];
  if (!hold) return;
  const held = Money.of(hold.amount_held, hold.currency);
  // Disputes never releases more than it held; clamp rather than dead-letter a read-model update.
  const stillHeld = Money.max(
    held.subtract(Money.of(releasedAmount, hold.currency)),
    Money.zero(hold.currency),
  );
  await db.query(
    'UPDATE payments_rm.dispute_holds SET amount_held = $2, status = $3 WHERE dispute_id = $1',
    [disputeId, stillHeld.amount, stillHeld.isZero() ? 'closed' : 'resolved'],
  );
}

/**
 * Invoicing credited an accepted dispute: the open amount is lower now, so nothing of the dispute
 * stays held. The credit note may come before payments hears of the dispute at all (another
 * topic), so the closed row is written either way.
 */
export async function releaseCreditedHold(
  creditNote: CreditNoteIssued,
  db: SqlExecutor,
): Promise<void> {
  if (!creditNote.disputeId) return;
  await closeHold({ ...creditNote, disputeId: creditNote.disputeId }, db);
}

/**
 * Invoicing refused the credit note for an accepted dispute (the invoice was voided, paid or
 * credited meanwhile): no credit note will lower the open amount for it, so its accepted part must
 * not stay held for good. Closed either way, like a credit note, so a late opening holds nothing.
 */
export async function releaseRejectedCreditHold(
  rejection: InvoiceAdjustmentRejected,
  db: SqlExecutor,
): Promise<void> {
  if (rejection.source !== 'dispute' || !rejection.disputeId) return;
  await closeHold({ ...rejection, disputeId: rejection.disputeId }, db);
}

async function closeHold(
  dispute: { disputeId: string; invoiceId: string; billingAccountId: string; currency: string },
  db: SqlExecutor,
): Promise<void> {
  await db.query(
    `INSERT INTO payments_rm.dispute_holds (dispute_id, invoice_id, billing_account_id, currency,
       amount_held, status)
     VALUES ($1, $2, $3, $4, $5, 'closed')
     ON CONFLICT (dispute_id) DO UPDATE SET amount_held = EXCLUDED.amount_held, status = 'closed'`,
    [
      dispute.disputeId,
      dispute.invoiceId,
      dispute.billingAccountId,
      dispute.currency,
      Money.zero(dispute.currency).amount,
    ],
  );
}
