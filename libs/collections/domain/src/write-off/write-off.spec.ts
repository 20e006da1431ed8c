import { given, stream } from '../shared/decider-spec';
import type { RequestWriteOff } from './write-off.commands';
import { writeOffDecider } from './write-off.decider';

const request = (
  amount: string,
  overrides: Partial<RequestWriteOff['data']> = {},
): RequestWriteOff => ({
  type: 'RequestWriteOff',
  data: {
    writeOffId: 'wo-1',
    billingAccountId: 'acc-1',
    currency: 'EUR',
    amount,
    invoices: [{ invoiceId: 'inv-1', amount, amountOpen: '1000.00' }],
    reason: 'Customer insolvent',
    requestedBy: 'agent-7',
    requestedAt: '2026-03-01T10:00:00Z',
    ...overrides,
  },
});

describe('write-off', () => {
  it('auto-approves at or below the 250.00 threshold', () => {
    const events = given(writeOffDecider).when(request('250.00'));
    expect(events.map((event) => event.type)).toEqual(['WriteOffRequested', 'WriteOffApproved']);
    expect(events[1]).toMatchObject({
      data: {
        approvedBy: 'system',
        autoApproved: true,
        amount: '250.00',
        invoices: [{ invoiceId: 'inv-1', amount: '250.00' }],
      },
    });
  });

  it('needs a billing manager above the threshold, and approves with the checker named', () => {
    const writeOff = stream(writeOffDecider);
    expect(writeOff.handle(request('250.01'))).toEqual([
      expect.objectContaining({
        type: 'WriteOffRequested',
        data: expect.objectContaining({ approvalRequired: true, approvalThreshold: '250.00' }),
      }),
    ]);
    expect(
      writeOff.handle({
        type: 'ApproveWriteOff',
        data: {
          approvedBy: 'manager-2',
          approverRoles: ['billing-manager'],
          approvedAt: '2026-03-02T09:00:00Z',
        },
      }),
    ).toEqual([
      {
        type: 'WriteOffApproved',
        data: {
          billingAccountId: 'acc-1',
          writeOffId: 'wo-1',
          currency: 'EUR',
          amount: '250.01',
          invoices: [{ invoiceId: 'inv-1', amount: '250.01' }],
          reason: 'Customer insolvent',
          requestedBy: 'agent-7',
          approvedBy: 'manager-2',
          autoApproved: false,
          approvedAt: '2026-03-02T09:00:00Z',
        },
      },
    ]);
  });

  it('forbids the requester from approving their own request, even as a billing manager', () => {
    const writeOff = stream(writeOffDecider);
    writeOff.handle(request('800.00'));
    expect(() =>
      writeOff.handle({
        type: 'ApproveWriteOff',
        data: {
          approvedBy: 'agent-7',
          approverRoles: ['billing-manager'],
          approvedAt: '2026-03-02T09:00:00Z',
        },
      }),
    ).toThrow(expect.objectContaining({ code: 'SELF_APPROVAL_FORBIDDEN', kind: 'forbidden' }));
  });

  it('forbids an approver without the billing-manager role', () => {
    const writeOff = stream(writeOffDecider);
    writeOff.handle(request('800.00'));
    expect(() =>
      writeOff.handle({
        type: 'ApproveWriteOff',
        data: {
          approvedBy: 'agent-9',
          approverRoles: ['collections-agent'],
          approvedAt: '2026-03-02T09:00:00Z',
        },
      }),
    ).toThrow(expect.objectContaining({ code: 'APPROVER_ROLE_REQUIRED', kind: 'forbidden' }));
  });

  it('can be rejected with a reason, after which it cannot be approved', () => {
    const writeOff = stream(writeOffDecider);
    writeOff.handle(request('800.00'));
    expect(
      writeOff.handle({
        type: 'RejectWriteOff',
        data: {
          rejectedBy: 'manager-2',
          rejectorRoles: ['billing-manager'],
          reason: 'Pursue via agency',
          rejectedAt: '2026-03-02T09:00:00Z',
        },
      }),
    ).toEqual([
      expect.objectContaining({
        type: 'WriteOffRejected',
        data: expect.objectContaining({ reason: 'Pursue via agency' }),
      }),
    ]);
    expect(() =>
      writeOff.handle({
        type: 'ApproveWriteOff',
        data: {
          approvedBy: 'manager-2',
          approverRoles: ['billing-manager'],
          approvedAt: '2026-03-02T09:00:00Z',
        },
      }),
    ).toThrow(expect.objectContaining({ code: 'WRITE_OFF_ALREADY_DECIDED', kind: 'conflict' }));
  });

  it('refuses more than the open amount, and honours a configured threshold', () => {
    expect(() => given(writeOffDecider).when(request('1000.01'))).toThrow(
      expect.objectContaining({
        code: 'WRITE_OFF_EXCEEDS_OPEN_AMOUNT',
        problems: [expect.objectContaining({ field: 'invoices[0].amount' })],
      }),
    );
    expect(
      given(writeOffDecider)
        .when(request('400.00', { approvalThreshold: '500.00' }))
        .map((event) => event.type),
    ).toEqual(['WriteOffRequested', 'WriteOffApproved']);
  });
});
