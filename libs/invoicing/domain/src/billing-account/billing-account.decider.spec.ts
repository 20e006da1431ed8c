import type { BillingAccountEvent } from '@billing/contracts';
import { deciderSpec } from '@billing/kernel/testing';
import { billingAccountDecider, toAccountSnapshot } from './billing-account.decider';
import type { OpenBillingAccountData } from './billing-account.commands';
import { taxIdFormatProblem } from './tax-id.rules';

const spec = deciderSpec(billingAccountDecider);
const at = '2026-01-02T10:00:00.000Z';

const acme: OpenBillingAccountData = {
  billingAccountId: 'acc-acme',
  legalName: 'Acme Corp',
  billingContactName: 'Ada Payable',
  email: 'ap@acme.example',
  address: {
    line1: '1 Main St',
    city: 'Springfield',
    postalCode: '12345',
    region: 'IL',
    country: 'US',
  },
  country: 'US',
  taxId: '12-3456789',
  currency: 'USD',
  paymentTermsDays: 30,
  purchaseOrderRequired: true,
  openedAt: at,
};

const opened = (overrides: Partial<OpenBillingAccountData> = {}): BillingAccountEvent => {
  const { openedAt, billingAccountId, ...details } = { ...acme, ...overrides };
  return { type: 'BillingAccountOpened', data: { billingAccountId, ...details, openedAt } };
};
const verified: BillingAccountEvent = {
  type: 'BillingDetailsVerified',
  data: { billingAccountId: 'acc-acme', verifiedAt: at },
};

describe('billing account', () => {
  it('opens an account (USD, net 30, PO required) that is not yet verified', () => {
    const [event] = spec
      .given([])
      .when({ type: 'OpenBillingAccount', data: acme })
      .then([opened()]);
    const state = billingAccountDecider.evolve(billingAccountDecider.initialState(), event!);
    expect(toAccountSnapshot(state)).toEqual({
      billingAccountId: 'acc-acme',
      verified: false,
      onHold: false,
      closed: false,
      paymentTermsDays: 30,
      currency: 'USD',
      purchaseOrderRequired: true,
    });
  });

  it('refuses payment terms outside 0..365 days and a missing legal name, naming both fields', () => {
    spec
      .given([])
      .when({
        type: 'OpenBillingAccount',
        data: { ...acme, legalName: ' ', paymentTermsDays: 400 },
      })
      .thenThrows({
        code: 'INVALID_BILLING_ACCOUNT',
        kind: 'invalid',
        problems: [
          { field: 'legalName', reason: 'is required' },
          { field: 'paymentTermsDays', reason: 'must be a whole number of days from 0 to 365' },
        ],
      });
  });

  it('treats a retried open with the same details as done, and other details as a conflict', () => {
    spec.given([opened()]).when({ type: 'OpenBillingAccount', data: acme }).then([]);
    spec
      .given([opened()])
      .when({ type: 'OpenBillingAccount', data: { ...acme, legalName: 'Other' } })
      .thenThrows({ code: 'ACCOUNT_ALREADY_OPEN', kind: 'conflict' });
  });

  it('verifies complete, well-formed details', () => {
    spec
      .given([opened()])
      .when({ type: 'VerifyBillingDetails', data: { billingAccountId: 'acc-acme', checkedAt: at } })
      .then([verified]);
  });

  it('lists every missing or invalid detail at once when verification fails', () => {
    const sloppy = opened({
      email: 'not-an-email',
      address: { line1: '', city: 'Springfield', postalCode: '', country: 'US' },
      taxId: '123456789',
      currency: 'XXY',
    });
    spec
      .given([sloppy])
      .when({ type: 'VerifyBillingDetails', data: { billingAccountId: 'acc-acme', checkedAt: at } })
      .then([
        {
          type: 'BillingDetailsVerificationFailed',
          data: {
            billingAccountId: 'acc-acme',
            checkedAt: at,
            problems: [
              { field: 'email', code: 'EMAIL_FORMAT', reason: 'must be an email address' },
              { field: 'address.line1', code: 'ADDRESS_INCOMPLETE', reason: 'is required' },
              { field: 'address.postalCode', code: 'ADDRESS_INCOMPLETE', reason: 'is required' },
              {
                field: 'address.region',
                code: 'ADDRESS_INCOMPLETE',
                reason: 'is required for US addresses (the state)',
              },
              {
                field: 'taxId',
                code: 'TAX_ID_FORMAT',
                reason: 'for US must be an EIN: NN-NNNNNNN',
              },
              {
                field: 'currency',
                code: 'UNKNOWN_CURRENCY',
                reason: 'must be a known ISO 4217 currency code',
              },
            ],
          },
        },
      ]);
  });

  it('checks tax ids against the country format table', () => {
    expect(taxIdFormatProblem('US', '12-3456789')).toBeNull();
    expect(taxIdFormatProblem('GB', 'GB123456789')).toBeNull();
    expect(taxIdFormatProblem('GB', 'GB123456789012')).toBeNull();
    expect(taxIdFormatProblem('GB', 'GB1234567890')).not.toBeNull();
    expect(taxIdFormatProblem('DE', 'DE 123 456 789')).toBeNull();
    expect(taxIdFormatProblem('DE', 'DE12345678')).not.toBeNull();
    expect(taxIdFormatProblem('FR', 'FRXX123456789')).toBeNull();
    expect(taxIdFormatProblem('FR', 'FR123456789')).not.toBeNull();
    expect(taxIdFormatProblem('NL', 'NL123456789B01')).toBeNull();
    expect(taxIdFormatProblem('NL', 'NL123456789')).not.toBeNull();
    expect(taxIdFormatProblem('JP', 'T1234567890123')).toBeNull();
    expect(taxIdFormatProblem('JP', 'AB1')).not.toBeNull();
  });

  it('re-verification is required after billing details change', () => {
    const { openedAt: _o, paymentTermsDays: _p, ...details } = acme;
    const events = spec
      .given([opened(), verified])
      .when({
        type: 'UpdateBillingDetails',
        data: { ...details, email: 'billing@acme.example', updatedAt: at },
      })
      .events();
    const state = [opened(), verified, ...events].reduce(
      billingAccountDecider.evolve,
      billingAccountDecider.initialState(),
    );
    expect(state.verified).toBe(false);
    expect(state.details?.email).toBe('billing@acme.example');
  });

  it('corrects details and verifies them again in one decision; unchanged details decide nothing', () => {
    const correct = (changes: Record<string, unknown>) =>
      ({
        type: 'CorrectBillingDetails',
        data: { billingAccountId: 'acc-acme', changes, correctedAt: at },
      }) as const;
    const events = spec
      .given([opened(), verified])
      .when(correct({ email: 'billing@acme.example' }))
      .events();
    expect(events.map((e) => e.type)).toEqual(['BillingDetailsUpdated', 'BillingDetailsVerified']);
    expect(events[0]?.data).toMatchObject({ email: 'billing@acme.example', currency: 'USD' });

    const failing = spec
      .given([opened(), verified])
      .when(correct({ taxId: '1' }))
      .events();
    expect(failing.map((e) => e.type)).toEqual([
      'BillingDetailsUpdated',
      'BillingDetailsVerificationFailed',
    ]);
    // The same details in another key order (as a request sends them) are no change.
    const { address } = acme;
    const reordered = {
      country: address.country,
      region: address.region,
      postalCode: address.postalCode,
      city: address.city,
      line1: address.line1,
    };
    spec
      .given([opened(), verified])
      .when(correct({ address: reordered, taxId: acme.taxId }))
      .then([]);
  });

  it('changes payment terms with a reason, and refuses terms beyond a year', () => {
    spec
      .given([opened()])
      .when({
        type: 'ChangePaymentTerms',
        data: {
          billingAccountId: 'acc-acme',
          paymentTermsDays: 45,
          reason: 'renegotiated',
          changedAt: at,
        },
      })
      .then([
        {
          type: 'PaymentTermsChanged',
          data: {
            billingAccountId: 'acc-acme',
            previousPaymentTermsDays: 30,
            paymentTermsDays: 45,
            reason: 'renegotiated',
            changedAt: at,
          },
        },
      ]);
    spec
      .given([opened()])
      .when({
        type: 'ChangePaymentTerms',
        data: { billingAccountId: 'acc-acme', paymentTermsDays: 366, reason: 'x', changedAt: at },
      })
      .thenThrows({ code: 'INVALID_PAYMENT_TERMS' });
  });

  it('places and releases a credit hold, each once', () => {
    const hold = { billingAccountId: 'acc-acme', reason: '90 days past due', placedAt: at };
    spec
      .given([opened()])
      .when({ type: 'PlaceCreditHold', data: hold })
      .then([{ type: 'CreditHoldPlaced', data: hold }]);
    spec
      .given([opened(), { type: 'CreditHoldPlaced', data: hold }])
      .when({ type: 'PlaceCreditHold', data: hold })
      .then([]);
    const release = { billingAccountId: 'acc-acme', reason: 'paid up', releasedAt: at };
    spec
      .given([opened(), { type: 'CreditHoldPlaced', data: hold }])
      .when({ type: 'ReleaseCreditHold', data: release })
      .then([{ type: 'CreditHoldReleased', data: release }]);
    spec
      .given([opened()])
      .when({ type: 'PlaceCreditHold', data: { ...hold, reason: '' } })
      .thenThrows({ code: 'REASON_REQUIRED' });
  });

  it('refuses to close an account that still has open invoices, and closes it once they are settled', () => {
    const close = { billingAccountId: 'acc-acme', reason: 'customer left', closedAt: at };
    spec
      .given([opened()])
      .when({ type: 'CloseBillingAccount', data: { ...close, openInvoiceCount: 2 } })
      .thenThrows({ code: 'ACCOUNT_HAS_OPEN_INVOICES', kind: 'conflict' });
    spec
      .given([opened()])
      .when({ type: 'CloseBillingAccount', data: { ...close, openInvoiceCount: 0 } })
      .then([{ type: 'BillingAccountClosed', data: close }]);
    spec
      .given([opened(), { type: 'BillingAccountClosed', data: close }])
      .when({ type: 'VerifyBillingDetails', data: { billingAccountId: 'acc-acme', checkedAt: at } })
      .thenThrows({ code: 'ACCOUNT_CLOSED', kind: 'conflict' });
  });

  describe('erasure of personal data (maker-checker)', () => {
    const request = {
      billingAccountId: 'acc-acme',
      requestedBy: 'manager-1',
      reason: 'customer request',
      requestedAt: at,
    };
    const requested: BillingAccountEvent = { type: 'PersonalDataErasureRequested', data: request };
    const approve = (approvedBy: string) => ({
      type: 'ApprovePersonalDataErasure' as const,
      data: { billingAccountId: 'acc-acme', approvedBy, erasedAt: at, keyDestroyed: true },
    });
    const erased: BillingAccountEvent = {
      type: 'PersonalDataErased',
      data: {
        billingAccountId: 'acc-acme',
        requestedBy: 'manager-1',
        approvedBy: 'manager-2',
        erasedAt: at,
      },
    };

    it('records the request, then the erasure approved by a second manager, with no personal data', () => {
      spec
        .given([opened()])
        .when({ type: 'RequestPersonalDataErasure', data: request })
        .then([requested]);
      spec.given([opened(), requested]).when(approve('manager-2')).then([erased]);
    });

    it('refuses the requester as approver, an approval without a request, and a request without a reason', () => {
      spec
        .given([opened(), requested])
        .when(approve('manager-1'))
        .thenThrows({ code: 'SAME_MANAGER', kind: 'forbidden' });
      spec
        .given([opened()])
        .when(approve('manager-2'))
        .thenThrows({ code: 'ERASURE_NOT_REQUESTED', kind: 'conflict' });
      spec
        .given([opened()])
        .when({ type: 'RequestPersonalDataErasure', data: { ...request, reason: ' ' } })
        .thenThrows({ code: 'REASON_REQUIRED' });
      spec
        .given([])
        .when({ type: 'RequestPersonalDataErasure', data: request })
        .thenThrows({ code: 'ACCOUNT_NOT_FOUND' });
    });

    it('answers repeats without new events and refuses new details once erased', () => {
      spec.given([opened(), requested, erased]).when(approve('manager-2')).then([]);
      spec
        .given([opened(), requested, erased])
        .when({ type: 'RequestPersonalDataErasure', data: request })
        .then([]);
      spec
        .given([opened(), requested, erased])
        .when({
          type: 'VerifyBillingDetails',
          data: { billingAccountId: 'acc-acme', checkedAt: at },
        })
        .thenThrows({ code: 'PERSONAL_DATA_ERASED', kind: 'conflict' });
    });
  });
});
