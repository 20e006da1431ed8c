import { deriveId } from '@billing/kernel';
import { BillingSimulator, storeEventOf, type StoreEvent } from '@billing/ledger-domain/testing';

const namespace = 'ledger-http-scenario';
const id = (...parts: string[]) => deriveId(namespace, ...parts);

/**
 * The worked example of the ledger domain on UUID ids, split where the first payment bounces:
 * Acme is invoiced 1,200.00, 800.00 and 450.50 USD (1-10 March, 30 days' terms); a payment of
 * 2,225.25 (20 March) pays them oldest first, a payment of 300.00 (25 March) settles the rest
 * and leaves 74.75 unapplied; a dispute on the second invoice is opened and rejected. Then
 * (2 April) the first payment bounces. Globex, another account, owes 500.00 EUR since January.
 */
export function accountScenario() {
  const sim = new BillingSimulator('2026-01-10');
  const acme = id('account', 'acme');
  const globex = id('account', 'globex');
  sim.correlationId = id('flow', 'globex');
  sim.issueInvoice({
    billingAccountId: globex,
    currency: 'EUR',
    subtotal: '500.00',
    taxTotal: '0.00',
    invoiceId: id('invoice', 'globex-1'),
    number: 'INV-2026-000100',
  });
  sim.today = '2026-03-01';
  sim.correlationId = id('flow', 'invoicing');
  const inv1 = sim.issueInvoice({
    billingAccountId: acme,
    currency: 'USD',
    subtotal: '1000.00',
    taxTotal: '200.00',
    invoiceId: id('invoice', '1'),
    number: 'INV-2026-000001',
  });
  sim.advanceDays(4);
  const inv2 = sim.issueInvoice({
    billingAccountId: acme,
    currency: 'USD',
    subtotal: '666.67',
    taxTotal: '133.33',
    invoiceId: id('invoice', '2'),
    number: 'INV-2026-000002',
  });
  sim.advanceDays(5);
  const inv3 = sim.issueInvoice({
    billingAccountId: acme,
    currency: 'USD',
    subtotal: '375.42',
    taxTotal: '75.08',
    invoiceId: id('invoice', '3'),
    number: 'INV-2026-000003',
  });
  sim.correlationId = id('flow', 'dispute');
  const dispute = sim.openDispute(inv2, '100.00');
  sim.advanceDays(10); // 20 March
  sim.correlationId = id('flow', 'payment-1');
  sim.actor = { id: 'bank-feed', roles: ['service'] };
  const pay1 = sim.receivePayment({
    billingAccountId: acme,
    currency: 'USD',
    amount: '2225.25',
    externalReference: 'BANK-REF-001',
    paymentId: id('payment', '1'),
  });
  sim.allocate(pay1, [
    { invoiceId: inv1, amount: '1200.00' },
    { invoiceId: inv2, amount: '800.00' },
    { invoiceId: inv3, amount: '225.25' },
  ]);
  sim.correlationId = id('flow', 'dispute');
  sim.resolveDispute(dispute, 'rejected');
  sim.advanceDays(5); // 25 March
  sim.correlationId = id('flow', 'payment-2');
  const pay2 = sim.receivePayment({
    billingAccountId: acme,
    currency: 'USD',
    amount: '300.00',
    externalReference: 'BANK-REF-002',
    paymentId: id('payment', '2'),
  });
  sim.allocate(pay2, [{ invoiceId: inv3, amount: '225.25' }]);
  const beforeBounce = sim.events.length;
  sim.advanceDays(8); // 2 April
  sim.correlationId = id('flow', 'reversal');
  sim.actor = { id: 'specialist-7', roles: ['billing-manager'] };
  sim.reversePayment(pay1, 'NSF: insufficient funds');
  const events: StoreEvent[] = sim.events.map((e) => storeEventOf(e, namespace));
  return {
    acme,
    globex,
    inv1,
    inv2,
    inv3,
    pay1,
    pay2,
    flows: { payment2: id('flow', 'payment-2'), dispute: id('flow', 'dispute') },
    beforeBounce: events.slice(0, beforeBounce),
    bounce: events.slice(beforeBounce),
  };
}
