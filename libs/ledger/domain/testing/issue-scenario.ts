import { BillingSimulator } from './billing-simulator';

/**
 * The worked example: invoices of 1,200.00, 800.00 and 450.50 USD to one account, a payment of
 * 2,225.25 applied oldest first, a payment of 300.00 that settles the rest and leaves 74.75
 * unapplied, then the first payment bounces.
 */
export function issueScenario() {
  const sim = new BillingSimulator('2026-03-01');
  const account = 'acct-acme';
  sim.correlationId = 'corr-invoicing';
  const inv1 = sim.issueInvoice({
    billingAccountId: account,
    currency: 'USD',
    subtotal: '1000.00',
    taxTotal: '200.00',
    invoiceId: 'inv-1',
    number: 'INV-2026-000001',
  });
  sim.advanceDays(4);
  const inv2 = sim.issueInvoice({
    billingAccountId: account,
    currency: 'USD',
    subtotal: '666.67',
    taxTotal: '133.33',
    invoiceId: 'inv-2',
    number: 'INV-2026-000002',
  });
  sim.advanceDays(5);
  const inv3 = sim.issueInvoice({
    billingAccountId: account,
    currency: 'USD',
    subtotal: '375.42',
    taxTotal: '75.08',
    invoiceId: 'inv-3',
    number: 'INV-2026-000003',
  });
  sim.advanceDays(10); // 2026-03-20
  sim.correlationId = 'corr-payment-1';
  sim.actor = { id: 'bank-feed', roles: ['system'] };
  const pay1 = sim.receivePayment({
    billingAccountId: account,
    currency: 'USD',
    amount: '2225.25',
    externalReference: 'BANK-REF-001',
    paymentId: 'pay-1',
  });
  sim.allocate(pay1, [
    { invoiceId: inv1, amount: '1200.00' },
    { invoiceId: inv2, amount: '800.00' },
    { invoiceId: inv3, amount: '225.25' },
  ]);
  sim.advanceDays(5); // 2026-03-25
  sim.correlationId = 'corr-payment-2';
  const pay2 = sim.receivePayment({
    billingAccountId: account,
    currency: 'USD',
    amount: '300.00',
    externalReference: 'BANK-REF-002',
    paymentId: 'pay-2',
  });
  sim.allocate(pay2, [{ invoiceId: inv3, amount: '225.25' }]);
  const positionBeforeReversal = sim.events.length;
  const recordedBeforeReversal = sim.events[sim.events.length - 1]?.recordedAt as string;
  sim.advanceDays(8); // 2026-04-02
  sim.correlationId = 'corr-reversal';
  sim.actor = { id: 'specialist-7', roles: ['billing_specialist'] };
  sim.reversePayment(pay1, 'NSF: insufficient funds');
  return {
    sim,
    account,
    inv1,
    inv2,
    inv3,
    pay1,
    pay2,
    positionBeforeReversal,
    recordedBeforeReversal,
  };
}
