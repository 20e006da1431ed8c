import type { Page } from 'playwright-core';
import {
  clicksAgingThroughToEvents,
  opensTheAccount,
  seesFiguresAtFiveMoments,
} from './auditor-moments.steps';
import {
  comparesTwoMoments,
  drillsMetricsDown,
  followsCausationTrail,
  seesBothTimeOrders,
} from './auditor-trails.steps';
import { checksTheIntactChain, findsTheAlteredEvent } from './chain.steps';
import {
  postsAPayment,
  opensADispute,
  reviewsIssuesAndCredits,
  worksTheWorklist,
} from './coordinator.steps';
import {
  correctsAnIssuedInvoice,
  offersCorrectionOnlyWhenNothingApplied,
} from './correction.steps';
import {
  downloadsTheInvoicePdf,
  downloadsTheStatementPdf,
  refusesWhatItCannotShow,
} from './documents.steps';
import { consoleJourney } from './journey';

jest.setTimeout(120_000);

/**
 * The web console in a real headless browser (Debian's chromium) against the embedded system
 * after a quarter of work: an auditor scrubs an account through it and ties its figures to
 * events; a coordinator works the worklist, reviews, issues, credits, corrects and posts a
 * payment, and downloads the server's PDFs. Each step is in a `*.steps.ts` file beside this one.
 */
const journey = consoleJourney();

describe('an auditor at past moments', () => {
  let page: Page;
  beforeAll(async () => {
    page = await journey.signedIn('auditor');
  });

  it('signs in locally and opens the account (0 axe violations)', () =>
    opensTheAccount(journey, page));
  it("sees the server's balance and aging at five moments of the quarter", () =>
    seesFiguresAtFiveMoments(journey, page));
  it('clicks an aging figure and the open receivable through to events that add up to them', () =>
    clicksAgingThroughToEvents(journey, page));
});

describe('an auditor across the log', () => {
  let page: Page;
  beforeAll(async () => {
    page = await journey.signedIn('auditor');
  });

  it("follows a payment's causation trail across services, and shows who viewed the account", () =>
    followsCausationTrail(journey, page));
  it('shows the account as it happened and as we knew it, the back-dated entry marked', () =>
    seesBothTimeOrders(journey, page));
  it('drills each dashboard metric down to the invoices the server counted in it', () =>
    drillsMetricsDown(journey, page));
  it('compares two moments: the change in open receivable broken down by the events between', () =>
    comparesTwoMoments(journey, page));
});

describe('a billing manager', () => {
  let page: Page;
  let draftId: string;
  beforeAll(async () => {
    const draft = await journey.managerApi.post<{ invoiceId: string }>('/invoicing/invoices', {
      billingAccountId: journey.quarter.accountId,
      currency: 'USD',
      lines: [{ description: 'Consulting, May', quantity: '3', unitPrice: '80.00', taxRate: '0' }],
    });
    draftId = draft.invoiceId;
    page = await journey.signedIn('billing-manager');
  });

  it('works the worklist, most urgent first, with its filters and sort in the URL', () =>
    worksTheWorklist(journey, page));
  it('reviews, issues and credits an invoice through the HTTP commands', () =>
    reviewsIssuesAndCredits(journey, page, draftId));
  it('posts a payment with a remittance, previewed before it is sent', () =>
    postsAPayment(journey, page, draftId));
  it("opens a dispute on an invoice's lines, and the account page shows it", () =>
    opensADispute(journey, page));
});

describe('a billing manager correcting an invoice', () => {
  let page: Page;
  beforeAll(async () => {
    page = await journey.signedIn('billing-manager');
  });

  it('offers the correction only for an issued invoice with nothing applied', () =>
    offersCorrectionOnlyWhenNothingApplied(journey, page));
  it('credits an issued invoice in full and issues its corrected copy', () =>
    correctsAnIssuedInvoice(journey, page));
});

describe("the server's PDFs, from the console", () => {
  let page: Page;
  beforeAll(async () => {
    page = await journey.signedIn('billing-manager');
  });

  it("downloads an invoice's PDF with the figures of its page", () =>
    downloadsTheInvoicePdf(journey, page));
  it("downloads an account's statement for a period as a PDF with the same figures", () =>
    downloadsTheStatementPdf(journey, page));
  it('answers 404 problem+json for an unknown invoice or account, 401 without a token', () =>
    refusesWhatItCannotShow(journey));
});

describe('the hash chain, checked in the browser', () => {
  let page: Page;
  beforeAll(async () => {
    page = await journey.signedIn('auditor');
    await page.goto(`${journey.env.baseUrl}/console/#/chain`);
  });

  it('recomputes every content hash and link with WebCrypto up to the sealed head', () =>
    checksTheIntactChain(journey, page));
  it('names the first event whose stored content was altered', () =>
    findsTheAlteredEvent(journey, page));
});
