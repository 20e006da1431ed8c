import { deciderSpec } from '@billing/kernel/testing';
import { paymentReferenceDecider } from './payment-reference.decider';

const spec = deciderSpec(paymentReferenceDecider);
const claim = (paymentId: string, externalReference = 'bank ref 42') => ({
  type: 'ClaimPaymentReference' as const,
  data: { billingAccountId: 'acc-acme', paymentId, externalReference },
});
const claimed = {
  type: 'PaymentReferenceClaimed' as const,
  data: {
    billingAccountId: 'acc-acme',
    paymentId: 'pay-1',
    externalReference: 'bank ref 42',
    normalizedReference: 'BANKREF42',
  },
};

describe('duplicate payment guard', () => {
  it('claims a new external reference for the payment', () => {
    spec.given([]).when(claim('pay-1')).then([claimed]);
  });

  it('flags a second payment with the same reference as a duplicate naming the original', () => {
    spec
      .given([claimed])
      .when(claim('pay-9', 'BANKREF42'))
      .thenThrows({
        code: 'DUPLICATE_PAYMENT',
        kind: 'conflict',
        problems: [{ field: 'externalReference', reason: 'already recorded as payment pay-1' }],
      });
  });

  it('lets the same payment retry its own claim without a second event', () => {
    spec.given([claimed]).when(claim('pay-1')).then([]);
  });
});
