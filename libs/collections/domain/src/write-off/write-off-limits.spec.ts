import fc from 'fast-check';
import { Money } from '@billing/money';
import type { RequestWriteOff } from './write-off.commands';
import { writeOffDecider } from './write-off.decider';
import type { CountedWriteOff } from './write-off-limits';

const day = 24 * 60 * 60 * 1000;
const start = Date.parse('2026-03-01T10:00:00Z');

function request(
  writeOffId: string,
  parts: Array<{ invoiceId: string; amount: string }>,
  requestedAt: string,
  counted: CountedWriteOff[],
): RequestWriteOff {
  const amount = Money.sum(
    parts.map((p) => Money.of(p.amount, 'EUR')),
    'EUR',
  ).amount;
  return {
    type: 'RequestWriteOff',
    data: {
      writeOffId,
      billingAccountId: 'acc-1',
      currency: 'EUR',
      amount,
      invoices: parts.map((p) => ({ ...p, amountOpen: '100000.00' })),
      reason: 'Customer insolvent',
      requestedBy: 'agent-7',
      requestedAt,
      approvalThreshold: '250.00',
      counted,
    },
  };
}

/** Requests one after another, each counted for the next, as the handler does. */
function requestInTurn(
  requests: Array<{ parts: Array<{ invoiceId: string; amount: string }>; at: number }>,
): Array<{
  approvalRequired: boolean;
  at: number;
  parts: Array<{ invoiceId: string; amount: string }>;
}> {
  const counted: CountedWriteOff[] = [];
  return requests.map((r, i) => {
    const requestedAt = new Date(r.at).toISOString();
    const [requested] = writeOffDecider.decide(
      request(`wo-${i}`, r.parts, requestedAt, [...counted]),
      writeOffDecider.initialState(),
    );
    if (requested?.type !== 'WriteOffRequested') throw new Error('expected a request');
    counted.push({
      writeOffId: `wo-${i}`,
      currency: 'EUR',
      amount: requested.data.amount,
      invoices: requested.data.invoices,
      requestedAt,
    });
    return { approvalRequired: requested.data.approvalRequired, at: r.at, parts: r.parts };
  });
}

describe('write-off maker-checker cannot be split', () => {
  it('4 × 250.00 on one invoice: the first is auto-approved, the rest need a manager', () => {
    const outcomes = requestInTurn(
      Array.from({ length: 4 }, (_, i) => ({
        parts: [{ invoiceId: 'inv-1', amount: '250.00' }],
        at: start + i * 60_000,
      })),
    );
    expect(outcomes.map((o) => o.approvalRequired)).toEqual([false, true, true, true]);
  });

  it('small write-offs on different invoices add up on the account over 30 days', () => {
    const outcomes = requestInTurn([
      { parts: [{ invoiceId: 'inv-1', amount: '200.00' }], at: start },
      { parts: [{ invoiceId: 'inv-2', amount: '50.00' }], at: start + 10 * day },
      { parts: [{ invoiceId: 'inv-3', amount: '0.01' }], at: start + 29 * day },
      // 30 days after the first, it no longer counts on the account: 50.00 + 0.01 + 100.00.
      { parts: [{ invoiceId: 'inv-4', amount: '100.00' }], at: start + 30 * day },
    ]);
    expect(outcomes.map((o) => o.approvalRequired)).toEqual([false, false, true, false]);
  });

  it('an invoice counts every earlier write-off on it, however long ago', () => {
    const outcomes = requestInTurn([
      { parts: [{ invoiceId: 'inv-1', amount: '200.00' }], at: start },
      { parts: [{ invoiceId: 'inv-1', amount: '50.01' }], at: start + 200 * day },
    ]);
    expect(outcomes.map((o) => o.approvalRequired)).toEqual([false, true]);
  });

  it('does not count a request twice when it is decided again (a retry sees itself counted)', () => {
    const counted: CountedWriteOff[] = [
      {
        writeOffId: 'wo-1',
        currency: 'EUR',
        amount: '250.00',
        invoices: [{ invoiceId: 'inv-1', amount: '250.00' }],
        requestedAt: '2026-03-01T10:00:00.000Z',
      },
    ];
    const [requested] = writeOffDecider.decide(
      request(
        'wo-1',
        [{ invoiceId: 'inv-1', amount: '250.00' }],
        '2026-03-01T10:00:00.000Z',
        counted,
      ),
      writeOffDecider.initialState(),
    );
    expect(requested).toMatchObject({ data: { approvalRequired: false } });
  });

  const cents = fc.integer({ min: 1, max: 40_000 });
  const splits = fc.array(
    fc.record({
      invoice: fc.integer({ min: 1, max: 4 }),
      cents,
      gapMs: fc.integer({ min: 0, max: 20 * day }),
    }),
    { minLength: 1, maxLength: 25 },
  );
  const asAmount = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
  const sequence = (items: Array<{ invoice: number; cents: number; gapMs: number }>) => {
    let at = start;
    return items.map((item) => {
      at += item.gapMs;
      return { parts: [{ invoiceId: `inv-${item.invoice}`, amount: asAmount(item.cents) }], at };
    });
  };

  it('property: what is auto-approved on one invoice never sums above the threshold', () => {
    fc.assert(
      fc.property(splits, (items) => {
        const outcomes = requestInTurn(sequence(items));
        const autoPerInvoice = new Map<string, number>();
        for (const o of outcomes.filter((x) => !x.approvalRequired))
          for (const p of o.parts)
            autoPerInvoice.set(
              p.invoiceId,
              (autoPerInvoice.get(p.invoiceId) ?? 0) + Math.round(Number(p.amount) * 100),
            );
        return [...autoPerInvoice.values()].every((c) => c <= 25_000);
      }),
    );
  });

  it('property: what is auto-approved on the account in any 30 days never sums above the threshold', () => {
    fc.assert(
      fc.property(splits, (items) => {
        const auto = requestInTurn(sequence(items)).filter((x) => !x.approvalRequired);
        return auto.every((end) => {
          const windowCents = auto
            .filter((o) => o.at > end.at - 30 * day && o.at <= end.at)
            .reduce((sum, o) => sum + Math.round(Number(o.parts[0]!.amount) * 100), 0);
          return windowCents <= 25_000;
        });
      }),
    );
  });

  it('property: a request that alone is above the threshold always needs a manager', () => {
    fc.assert(
      fc.property(fc.integer({ min: 25_001, max: 10_000_000 }), splits, (big, before) => {
        const items = [
          ...sequence(before),
          { parts: [{ invoiceId: 'inv-9', amount: asAmount(big) }], at: start + 600 * day },
        ];
        return requestInTurn(items).at(-1)!.approvalRequired;
      }),
    );
  });
});
