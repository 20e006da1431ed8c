import type { SqlExecutor } from '@billing/event-store';

/** invoiceId -> number, from what invoicing's events told payments. */
export async function invoiceNumbersOf(
  db: SqlExecutor,
  invoiceIds: string[],
): Promise<Record<string, string>> {
  if (invoiceIds.length === 0) return {};
  const { rows } = await db.query<{ invoice_id: string; number: string }>(
    'SELECT invoice_id, number FROM payments_rm.open_invoices WHERE invoice_id = ANY($1::text[])',
    [invoiceIds],
  );
  return Object.fromEntries(rows.map((r) => [r.invoice_id, r.number]));
}
