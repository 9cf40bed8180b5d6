import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Page } from 'playwright-core';
import { signIn } from '../support/browser';
import { ConsoleLab } from '../support/console-lab';
import { ROOT } from '../support/processes';

/*
 * Every page of the console checked by axe-core (WCAG 2.1 A and AA rules: names of controls,
 * labels, contrast, landmarks, headings) in the light and the dark theme, as an admin sees it.
 */
const AXE = readFileSync(join(ROOT, 'e2e/node_modules/axe-core/axe.min.js'), 'utf8');
const PAGES = [
  { path: '/', heading: 'Dashboard' },
  { path: '/certificates', heading: 'Certificates' },
  { path: '/certificates/7', heading: /cherry\.jdk\.cms/ },
  { path: '/approvals', heading: 'Approvals' },
  { path: '/machines', heading: 'Machines & stores' },
  { path: '/campaigns', heading: 'Campaigns' },
  { path: '/campaigns/new', heading: 'New migration campaign' },
  { path: '/alerts', heading: 'Expiration alerts' },
  { path: '/clock', heading: 'Lab clock' },
  { path: '/audit', heading: 'Audit' },
];

/** axe's violations on the page as it is now, one line each. */
async function violations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  return page.evaluate<string[]>(`${AXE};
    axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] })
      .then((result) => result.violations.map((v) =>
        v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')))`);
}

describe('console: accessibility of every page', () => {
  let lab: ConsoleLab;
  beforeAll(async () => {
    lab = await ConsoleLab.start();
  });
  afterAll(() => lab.stop());

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`has no axe violations in the ${colorScheme} theme`, async () => {
      const session = await lab.open({ colorScheme });
      const { page } = session;
      const found: string[] = [];
      await page.goto('/');
      await page.getByRole('heading', { name: 'Sign in to certlab' }).waitFor();
      found.push(...(await violations(page)).map((line) => `sign-in: ${line}`));
      await signIn(page, 'admin', lab.password('admin'));
      for (const { path, heading } of PAGES) {
        await page.goto(path);
        await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
        // Let the page's data arrive (no skeleton left).
        await page.waitForLoadState('networkidle');
        found.push(...(await violations(page)).map((line) => `${path}: ${line}`));
      }
      await page.goto('/certificates/7');
      await page.getByRole('button', { name: 'Renew', exact: true }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Renew certificate' }).waitFor();
      found.push(...(await violations(page)).map((line) => `renew dialog: ${line}`));
      expect(found).toEqual([]);
      session.expectClean();
    });
  }
});
