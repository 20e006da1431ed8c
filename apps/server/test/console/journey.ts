import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import type { ApiClient } from './console-api';
import { startConsoleSystem, type ConsoleSystem } from './console-system';
import { seedQuarter, type SeededQuarter } from './seed-quarter';

/** What every journey step works with: one embedded system after a seeded quarter, one browser. */
export interface Journey {
  env: ConsoleSystem;
  browser: Browser;
  quarter: SeededQuarter;
  auditorApi: ApiClient;
  managerApi: ApiClient;
  /** A new browser context signed in through the console's local sign-in page. */
  signedIn(role: string): Promise<Page>;
}

/**
 * The set-up's own bound: a console build (when its sources changed), the system's start and a
 * quarter seeded through the API take about a minute on a quiet machine and more beside a busy
 * CI run; a step keeps the file's shorter timeout.
 */
const setupTimeoutMs = 300_000;

/**
 * Starts the system, seeds the quarter and launches the browser before the file's tests, and
 * closes them after; the returned journey is filled in by then.
 */
export function consoleJourney(): Journey {
  const journey = { signedIn: (role: string) => signedIn(journey, role) } as Journey;
  beforeAll(async () => {
    journey.env = await startConsoleSystem();
    journey.managerApi = await journey.env.api(['billing-manager', 'collections-agent']);
    journey.quarter = await seedQuarter(journey.managerApi, journey.env.clock, () =>
      journey.env.system.quiescent(),
    );
    journey.auditorApi = await journey.env.api(['auditor']);
    journey.browser = await launchBrowser();
  }, setupTimeoutMs);
  afterAll(async () => {
    await journey.browser?.close();
    await journey.env?.close();
  });
  return journey;
}

async function signedIn(journey: Journey, role: string): Promise<Page> {
  const page = await (
    await journey.browser.newContext({ viewport: { width: 1400, height: 1000 } })
  ).newPage();
  await page.goto(`${journey.env.baseUrl}/console/`);
  await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
  await page.getByLabel('Role').selectOption(role);
  await page.getByRole('button', { name: 'Sign in as this role' }).click();
  await page.getByText(`Signed in as console-${role} (${role})`).waitFor();
  return page;
}
