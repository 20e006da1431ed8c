import fc from 'fast-check';
import { decimalArithmetic } from './shared/arithmetic';
import { withArithmetic } from './shared/amounts';
import { serialize } from './shared/canonical-json';
import { foldAll } from './shared/projection';
import { ledgerProjection } from './ledger.projection';
import { balancesProjection } from './balances/balances.projection';
import { billingIntents, simulate } from '../testing/billing-arbitraries';

/**
 * The ledger folds amounts as integer minor units; before, it folded them with decimal.js through
 * Money. The simulated traffic bills in JPY (exponent 0), USD and EUR (2) and BHD (3), with taxes,
 * credit notes, partial payments, reversals, refunds, chargebacks and write-offs. Whatever the
 * sequence, both arithmetics must give the same read models byte for byte: balances, trial
 * balance and journal, statements and audit trails.
 */
describe('integer and decimal.js folds agree', () => {
  it('give byte-identical ledger state for random event sequences in exponents 0, 2 and 3', () => {
    fc.assert(
      fc.property(billingIntents(60), (intents) => {
        const events = simulate(intents).events;
        const integer = serialize(foldAll(ledgerProjection, events));
        const decimal = withArithmetic(decimalArithmetic, () =>
          serialize(foldAll(ledgerProjection, events)),
        );
        expect(integer).toBe(decimal);
      }),
      { numRuns: 150 },
    );
  });

  it('agree when the fold is split into batches (running figures carried between folds)', () => {
    fc.assert(
      fc.property(billingIntents(40), fc.nat({ max: 40 }), (intents, cut) => {
        const events = simulate(intents).events;
        const at = Math.min(cut, events.length);
        const inTwo = (): string => {
          const first = balancesProjection.fold(balancesProjection.initial(), events.slice(0, at));
          return serialize(balancesProjection.fold(first, events.slice(at)));
        };
        const integer = inTwo();
        const decimal = withArithmetic(decimalArithmetic, inTwo);
        expect(integer).toBe(decimal);
        expect(integer).toBe(serialize(foldAll(balancesProjection, events)));
      }),
      { numRuns: 100 },
    );
  });

  it('covers every exponent it claims: the sequences reach JPY, USD and BHD balances', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(billingIntents(60), (intents) => {
        for (const byCurrency of Object.values(
          foldAll(balancesProjection, simulate(intents).events).accounts,
        )) {
          for (const currency of Object.keys(byCurrency)) seen.add(currency);
        }
      }),
      { numRuns: 50, seed: 18 },
    );
    expect([...seen].sort()).toEqual(expect.arrayContaining(['BHD', 'JPY', 'USD']));
  });
});
