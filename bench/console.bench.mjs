// Console benchmark: the certificate list of a lab of BENCH_CONSOLE_CERTS (default 10,000)
// certificates in a real browser (Debian's Chromium through playwright-core) against the real
// server. It pages, sorts and searches, timing each from the click to the frame that shows the new
// rows, and prints the times beside the in-run reference: the same page's API call made from the
// same page (what rendering adds on top of the server's answer). Also prints the JavaScript the
// first page (sign-in, then the dashboard) loads, gzipped. Goal: a page renders in under 200 ms.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ADMIN_PASSWORD, startServer } from './server-process.mjs';
import { percentile } from './stats.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CERTS = Number(process.env.BENCH_CONSOLE_CERTS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_CONSOLE_ROUNDS ?? 20);
const CHROMIUM = process.env.CERTLAB_CHROMIUM ?? '/usr/bin/chromium';
const { chromium } = createRequire(join(ROOT, 'bench/package.json'))('playwright-core');

/** Certificates over two CAs and three key algorithms, so filters and sorts have work to do. */
export function writeLab(dir) {
  const lines = [
    'name: bench-console',
    'authorities:',
    "  - { configuration: 'root.a.lab\\a-Root', subject: 'CN=a Root', keyAlgorithm: P-256, validityDays: 3650, pathLength: 1 }",
    "  - { configuration: 'ca.a.lab\\a-CA', subject: 'CN=a CA', parent: 'root.a.lab\\a-Root', keyAlgorithm: P-256, validityDays: 1825 }",
    "  - { configuration: 'root.b.lab\\b-Root', subject: 'CN=b Root', keyAlgorithm: P-256, validityDays: 3650, pathLength: 1 }",
    "  - { configuration: 'ca.b.lab\\b-CA', subject: 'CN=b CA', parent: 'root.b.lab\\b-Root', keyAlgorithm: P-256, validityDays: 1825 }",
    'templates:',
    "  - { shortName: Web, displayName: Web, keyAlgorithm: P-256, validityDays: 365, extendedKeyUsages: [serverAuth], authorities: ['ca.a.lab\\a-CA', 'ca.b.lab\\b-CA'] }",
    "  - { shortName: WebP384, displayName: Web P-384, keyAlgorithm: P-384, validityDays: 365, extendedKeyUsages: [serverAuth], authorities: ['ca.a.lab\\a-CA', 'ca.b.lab\\b-CA'] }",
    "  - { shortName: WebEd, displayName: Web Ed25519, keyAlgorithm: Ed25519, validityDays: 365, extendedKeyUsages: [serverAuth], authorities: ['ca.a.lab\\a-CA', 'ca.b.lab\\b-CA'] }",
    'machines: []',
    'stores: []',
    "defaultAuthority: 'ca.a.lab\\a-CA'",
    'certificates:',
    ...Array.from({ length: CERTS }, (_, i) => {
      const template = ['Web', 'WebP384', 'WebEd'][i % 3];
      const authority = i % 2 === 0 ? 'ca.a.lab\\a-CA' : 'ca.b.lab\\b-CA';
      return `  - { id: ${i + 1}, subject: 'CN=s${i}.bench.lab', dns: [s${i}.bench.lab], template: ${template}, authority: '${authority}', expiresInDays: ${5 + (i % 360)} }`;
    }),
  ];
  const file = join(dir, 'lab.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** In the page: run `act`, then wait for the list's first rows to change and the next frame. */
async function timeRender(page, act) {
  return page.evaluate(async (action) => {
    const table = () => document.querySelector('table[aria-label="Certificates"]');
    // The ids of the first rows: a sort can keep the first row and still reorder the rest.
    const firstCell = () =>
      [...(table()?.querySelectorAll('tbody tr') ?? [])]
        .slice(0, 5)
        .map((row) => row.querySelector('td')?.textContent ?? '')
        .join(',');
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
    const before = firstCell();
    const started = performance.now();
    if (action.kind === 'button') {
      const nav = document.querySelector(`nav[aria-label="${action.nav}"]`);
      [...nav.querySelectorAll('button')].find((b) => b.textContent.trim() === action.name).click();
    } else if (action.kind === 'sort') {
      [...table().querySelectorAll('th button')]
        .find((b) => b.textContent.trim().startsWith(action.name))
        .click();
    }
    for (;;) {
      await frame();
      if (firstCell() !== before && firstCell() !== '') break;
      if (performance.now() - started > 10_000)
        throw new Error(`the list did not change from ${before}`);
    }
    await frame();
    return performance.now() - started;
  }, act);
}

/** In the page: the API call alone for a page of the list, parsed (the reference). */
async function timeApi(page, query) {
  return page.evaluate(async (search) => {
    const started = performance.now();
    const response = await fetch(`/api/certificates?${search}`, {
      headers: { 'X-Requested-With': 'certlab-console' },
    });
    await response.json();
    return performance.now() - started;
  }, query);
}

const summarize = (values) => ({
  p50: percentile(values, 50),
  p95: percentile(values, 95),
  max: Math.max(...values),
});
const fmt = (stats) =>
  `p50 ${stats.p50.toFixed(1)} ms  p95 ${stats.p95.toFixed(1)} ms  max ${stats.max.toFixed(1)} ms`;

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'certlab-bench-console-'));
  const seedStarted = Date.now();
  const server = await startServer(writeLab(dir), { startTimeoutMs: 300_000 });
  console.log(
    `lab of ${CERTS.toLocaleString('en-US')} certificates seeded and started in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`,
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const scripts = new Map();
    page.on('response', async (response) => {
      if (response.url().endsWith('.js') && response.ok())
        scripts.set(response.url(), gzipSync(await response.body()).length);
    });
    await page.goto(`${server.baseUrl}/`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.waitForLoadState('networkidle');
    const firstPageKb = [...scripts.values()].reduce((sum, bytes) => sum + bytes, 0) / 1024;
    console.log(
      `first page (sign-in + dashboard): ${scripts.size} scripts, ${firstPageKb.toFixed(1)} KB of JavaScript gzipped (goal < 300 KB)`,
    );

    const opened = Date.now();
    await page.goto(`${server.baseUrl}/certificates`);
    await page.locator('table[aria-label="Certificates"] tbody tr').first().waitFor();
    console.log(`certificates page opened (navigation to first rows): ${Date.now() - opened} ms`);

    const paging = [];
    const api = [];
    for (let round = 0; round < ROUNDS; round++) {
      paging.push(
        await timeRender(page, { kind: 'button', nav: 'Certificate pages', name: 'Next' }),
      );
      api.push(await timeApi(page, `page=${round + 2}&limit=50&sort=id&order=desc`));
    }
    const sorting = [];
    for (let round = 0; round < Math.min(ROUNDS, 10); round++) {
      sorting.push(
        await timeRender(page, { kind: 'sort', name: round % 2 === 0 ? 'Expires' : 'Common name' }),
      );
    }
    const pagingStats = summarize(paging);
    const apiStats = summarize(api);
    const sortStats = summarize(sorting);
    console.log(`next page, click to rendered rows:  ${fmt(pagingStats)}`);
    console.log(`sort by a column, click to rows:    ${fmt(sortStats)}`);
    console.log(`reference, the page's API call:     ${fmt(apiStats)}`);
    console.log(
      `ratio render / API (p50): ${(pagingStats.p50 / apiStats.p50).toFixed(2)}x; goal: a page in < 200 ms (p95 ${pagingStats.p95 < 200 ? 'meets' : 'misses'} it)`,
    );
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
