import { statementPdf, type StatementView } from '@billing/ledger-service';
import { pdfText } from '@billing/testing';

function statement(): StatementView {
  return {
    billingAccountId: '7f3c0000-0000-4000-8000-0000000000aa',
    from: '2026-03-15',
    to: '2026-04-30',
    currencies: [
      {
        currency: 'USD',
        openingBalance: '2450.50',
        lines: [
          {
            kind: 'payment',
            businessDate: '2026-03-20',
            globalPosition: 17,
            eventId: '7f3c0000-0000-4000-8000-0000000000e1',
            reference: 'BANK-REF-001',
            documentId: '7f3c0000-0000-4000-8000-0000000000d1',
            description: 'Payment received',
            amount: '-300.00',
            runningBalance: '2150.50',
          },
        ],
        charges: '0.00',
        credits: '300.00',
        closingBalance: '2150.50',
      },
    ],
    computedAt: { source: 'replay', asOf: { position: 42 }, position: 42 },
  };
}

describe("an account statement's PDF", () => {
  it('shows the opening balance, each movement with its running balance, and the closing balance', async () => {
    const pdf = await statementPdf(statement());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Statement 2026-03-15 to 2026-04-30');
    expect(text).toContain('Opening balance: 2450.50 USD');
    expect(text).toContain('BANK-REF-001');
    expect(text).toContain('-300.00');
    expect(text).toContain('Closing balance: 2150.50 USD');
    expect(text).toContain('a replay of the log up to global position 42');
  });

  it('gives the same bytes for the same statement, dated by the last day of its period', async () => {
    const [first, second] = await Promise.all([
      statementPdf(statement()),
      statementPdf(statement()),
    ]);
    expect(first.equals(second)).toBe(true);
    expect(first.toString('latin1')).toContain('(D:20260430000000Z)');
  });

  it('runs over several pages when the period has many movements, the header on each', async () => {
    const long = statement();
    const usd = long.currencies[0];
    if (!usd) throw new Error('no USD section');
    usd.lines = Array.from({ length: 120 }, (_, i) => ({
      ...(usd.lines[0] as (typeof usd.lines)[number]),
      reference: `BANK-REF-${String(i).padStart(3, '0')}`,
    }));
    const text = pdfText(await statementPdf(long));
    expect(text).toContain('BANK-REF-119');
    expect(text.split('\n').filter((l) => l === 'Reference').length).toBeGreaterThan(1);
  });
});
