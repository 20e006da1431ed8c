import { DomainError, fold } from '@billing/kernel';
import { paymentReferenceDecider } from '../payment-reference/payment-reference.decider';
import { openInvoices, recordPayment } from '../../testing/fixtures';
import type { RecordPaymentData } from './payment.commands';
import { paymentDecider } from './payment.decider';
import { decideRecordPayment, type RecordPaymentInputs } from './record-payment';

const dataOf = (paymentId: string, amount: string, more: Partial<RecordPaymentData> = {}) =>
  recordPayment(paymentId, amount, more).data as RecordPaymentData;

const fresh = (more: Partial<RecordPaymentInputs> = {}): RecordPaymentInputs => ({
  accountCurrency: 'USD',
  openInvoices,
  payment: paymentDecider.initialState(),
  reference: paymentReferenceDecider.initialState(),
  ...more,
});

function refusal(act: () => unknown): DomainError {
  try {
    act();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal, the payment was decided');
}

describe('recording a payment as one decision', () => {
  it('receives the payment, claims its reference and allocates it oldest due first', () => {
    const decided = decideRecordPayment(dataOf('pay-1', '1500.00'), fresh());
    expect(decided.reference).toEqual([
      expect.objectContaining({
        type: 'PaymentReferenceClaimed',
        data: expect.objectContaining({ paymentId: 'pay-1', externalReference: 'BANK-pay-1' }),
      }),
    ]);
    expect(decided.payment.map((e) => e.type)).toEqual(['PaymentReceived', 'PaymentAllocated']);
    expect(decided.state).toEqual(fold(paymentDecider, decided.payment));
    expect(decided.state.status).not.toBe('none');
  });

  it('decides nothing for the same request again and answers the payment as recorded', () => {
    const data = dataOf('pay-1', '1500.00');
    const first = decideRecordPayment(data, fresh());
    const again = decideRecordPayment(
      data,
      fresh({ payment: first.state, reference: fold(paymentReferenceDecider, first.reference) }),
    );
    expect(again).toEqual({ payment: [], reference: [], state: first.state });
  });

  it('refuses another payment under a recorded payment id', () => {
    const first = decideRecordPayment(dataOf('pay-1', '1500.00'), fresh());
    const other = dataOf('pay-1', '20.00', { externalReference: 'OTHER' });
    expect(refusal(() => decideRecordPayment(other, fresh({ payment: first.state }))).code).toBe(
      'PAYMENT_ALREADY_RECORDED',
    );
  });

  it('refuses a known bank reference with 409 naming the original, before checking remittance', () => {
    const original = decideRecordPayment(dataOf('pay-1', '100.00'), fresh());
    const reference = fold(paymentReferenceDecider, original.reference);
    // The remittance names an invoice nobody has: the duplicate is still what the caller hears.
    const duplicate = dataOf('pay-2', '100.00', {
      externalReference: 'BANK-pay-1',
      remittance: [{ invoiceId: 'inv-unknown', amount: '100.00' }],
    });
    const error = refusal(() => decideRecordPayment(duplicate, fresh({ reference })));
    expect(error.kind).toBe('conflict');
    expect(error.problems).toEqual([
      { field: 'externalReference', reason: 'already recorded as payment pay-1' },
    ]);
  });

  it('refuses an unknown account and another currency than the account pays in', () => {
    const unknown = refusal(() =>
      decideRecordPayment(dataOf('pay-1', '10.00'), fresh({ accountCurrency: undefined })),
    );
    expect(unknown.code).toBe('UNKNOWN_BILLING_ACCOUNT');
    const euros = refusal(() =>
      decideRecordPayment(dataOf('pay-1', '10.00'), fresh({ accountCurrency: 'EUR' })),
    );
    expect(euros.problems).toEqual([
      { field: 'currency', reason: "must be the account's currency EUR" },
    ]);
  });

  it('refuses a remittance the invoices cannot take, so nothing is claimed or recorded', () => {
    const data = dataOf('pay-1', '100.00', {
      remittance: [{ invoiceId: 'inv-unknown', amount: '100.00' }],
    });
    let decided: unknown;
    refusal(() => {
      decided = decideRecordPayment(data, fresh());
    });
    expect(decided).toBeUndefined();
  });
});
