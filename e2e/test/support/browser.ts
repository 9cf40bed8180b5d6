import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Browser,
  type BrowserContext,
  chromium,
  type ConsoleMessage,
  type Page,
} from 'playwright-core';
import { ROOT } from './processes';

/**
 * The console's browser tests drive Debian's Chromium (apt package `chromium`) through
 * playwright-core: never a browser downloaded by a test tool. The flags keep it off the network
 * (the machine's closed network refuses Chromium's background connections) and headless.
 */
export const CHROMIUM = process.env.CERTLAB_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
];

/** Screenshots the tests take of what they saw, for people (docs) and for failures. */
export const SCREENSHOTS = join(ROOT, 'e2e', 'screenshots');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not at ${CHROMIUM}: install Debian's chromium package (scripts/install-system-deps.sh).`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A browser context on the console with everything that would show in the browser's console
 * recorded: uncaught errors, console errors and warnings, failed requests and error responses.
 * `expectClean()` fails the test if any happened, naming them.
 */
export class ConsoleSession {
  readonly problems: string[] = [];
  private closing = false;

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  static async open(
    browser: Browser,
    baseUrl: string,
    options: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {},
  ): Promise<ConsoleSession> {
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: options.viewport ?? { width: 1280, height: 800 },
      colorScheme: options.colorScheme ?? 'light',
      locale: 'en-GB',
      timezoneId: 'UTC',
    });
    const page = await context.newPage();
    const session = new ConsoleSession(context, page, baseUrl);
    session.watch(page);
    return session;
  }

  private watch(page: Page): void {
    page.on('pageerror', (error) => this.problems.push(`uncaught: ${error.message}`));
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error' || message.type() === 'warning')
        this.problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('requestfailed', (request) => {
      const failure = request.failure()?.errorText ?? 'failed';
      // A page that navigates or closes cancels its live-event stream and pending loads: that is
      // the browser tidying up, not a failure the user would see.
      if (this.closing || failure.includes('ERR_ABORTED')) return;
      this.problems.push(`request failed: ${request.method()} ${request.url()} (${failure})`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400)
        this.problems.push(
          `HTTP ${response.status()}: ${response.request().method()} ${response.url()}`,
        );
    });
  }

  /** The problems so far, as a test failure. */
  expectClean(allowed: RegExp[] = []): void {
    const unexpected = this.problems.filter((problem) => !allowed.some((re) => re.test(problem)));
    if (unexpected.length > 0)
      throw new Error(`The browser saw problems:\n${unexpected.map((p) => `  ${p}`).join('\n')}`);
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const path = join(SCREENSHOTS, `${name}.png`);
    await this.page.screenshot({ path, fullPage: false });
    return path;
  }

  /** The session cookie and CSRF token the page holds, for requests made outside the browser. */
  async credentials(): Promise<{ cookie: string; csrf: string }> {
    const cookies = await this.context.cookies(this.baseUrl);
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const csrf = await this.page.evaluate(async () => {
      const response = await fetch('/api/session', {
        headers: { 'X-Requested-With': 'certlab-console' },
      });
      const view = (await response.json()) as { csrfToken: string | null };
      return view.csrfToken ?? '';
    });
    return { cookie, csrf };
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.context.close();
  }
}

/** Signs in through the sign-in page, as a person does. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}
