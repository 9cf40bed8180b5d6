import { ConsoleLab } from '../support/console-lab';
import { type ConsoleSession } from '../support/browser';

/*
 * The approval workflow, roles and the session itself, in Chromium against the real server: a
 * renewal with a template that needs approval waits as PENDING and an approver approves it from
 * Approvals; an auditor sees no Renew button and the server refuses the auditor's renewal anyway;
 * the cookie without its CSRF token opens nothing that changes state; Sign out ends the session.
 */

/** A call made outside the browser with what the browser holds: its cookie, maybe its CSRF token. */
async function withCookie(
  lab: ConsoleLab,
  session: ConsoleSession,
  method: string,
  path: string,
  options: { body?: unknown; csrf?: boolean } = {},
): Promise<{ status: number; body: { ErrorCode?: string; Message?: string } }> {
  const { cookie, csrf } = await session.credentials();
  const response = await fetch(`${lab.server.url}${path}`, {
    method,
    headers: {
      cookie,
      'content-type': 'application/json',
      'x-requested-with': 'certlab-console',
      ...(options.csrf ? { 'x-csrf-token': csrf } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as never) : {} };
}

async function certificateCount(lab: ConsoleLab): Promise<number> {
  const response = await lab.server.request('GET', '/api/certificates?limit=1');
  return (response.body as { total: number }).total;
}

describe('console: approvals, roles and sessions', () => {
  let lab: ConsoleLab;
  beforeAll(async () => {
    lab = await ConsoleLab.start();
  });
  afterAll(() => lab.stop());

  it('a renewal that needs approval waits as PENDING and is issued once approved', async () => {
    const enroller = await lab.signedIn('enroller', '/certificates/3');
    const { page } = enroller;
    await page.getByRole('button', { name: 'Renew', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Template').selectOption('UserServerApproval');
    await dialog.getByRole('button', { name: 'Renew certificate' }).click();
    await dialog.getByText('Disposition: PENDING').waitFor();
    await dialog.getByRole('link', { name: 'Open Approvals' }).waitFor();
    enroller.expectClean();

    // The enroller may not approve: the page offers no Approve button to them.
    await dialog.getByRole('link', { name: 'Open Approvals' }).click();
    await page.getByRole('table', { name: 'Pending requests' }).waitFor();
    await page.getByRole('cell', { name: 'CN=db01.jdk.cms,O=JDK,C=US' }).first().waitFor();
    expect(await page.getByRole('button', { name: /^Approve request/ }).count()).toBe(0);

    const admin = await lab.signedIn('admin', '/approvals');
    const approve = admin.page.getByRole('button', { name: /^Approve request \d+$/ });
    await approve.first().waitFor();
    expect(await approve.count()).toBe(1);
    await approve.first().click();
    await admin.page.getByText(/Request \d+: ISSUED/).waitFor();
    await admin.page.getByRole('link', { name: /^certificate #\d+$/ }).waitFor();
    // The certificate goes where the request said: db01's store, written by its agent.
    await admin.page.getByText('Succeeded', { exact: true }).first().waitFor({ timeout: 30_000 });
    await admin.screenshot('approvals-approved');
    // The enroller's page learns of the decision without reloading.
    await page.getByText('Nothing waits for approval').waitFor();
    admin.expectClean();
    enroller.expectClean();
  });

  it('an auditor sees no action, and the server refuses the action anyway', async () => {
    const auditor = await lab.signedIn('auditor', '/certificates/7');
    const { page } = auditor;
    await page.getByRole('heading', { name: /cherry\.jdk\.cms/ }).waitFor();
    await page.getByRole('heading', { name: 'Downloads' }).waitFor();
    expect(await page.getByRole('button', { name: 'Renew', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Revoke/ }).count()).toBe(0);
    auditor.expectClean();

    const before = await certificateCount(lab);
    const refused = await withCookie(lab, auditor, 'POST', '/api/certificates/7/renew', {
      body: { storeIds: ['6d14c2be-76d6-4777-8247-72dcd1c9ab1a'] },
      csrf: true,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.Message).toMatch(/auditor/);
    const classic = await withCookie(lab, auditor, 'POST', '/CMSApi/CertEnroll/3/Renew', {
      body: { Lookup: { Type: 'CMSID', CMSID: 7 } },
      csrf: true,
    });
    expect(classic.status).toBe(403);
    expect(await certificateCount(lab)).toBe(before);
  });

  it('refuses the cookie without its CSRF token, and Sign out ends the session', async () => {
    const admin = await lab.signedIn('admin', '/clock');
    const before = await lab.server.request('GET', '/api/lab/clock');
    const refused = await withCookie(lab, admin, 'POST', '/api/lab/clock', {
      body: { freeze: true },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.ErrorCode).toBe('0xA0110103');
    const after = await lab.server.request('GET', '/api/lab/clock');
    expect((after.body as { mode: string }).mode).toBe((before.body as { mode: string }).mode);

    const { cookie } = await admin.credentials();
    await admin.page.getByRole('button', { name: 'Sign out' }).click();
    await admin.page.getByRole('button', { name: 'Sign in' }).waitFor();
    const stale = await fetch(`${lab.server.url}/api/session`, {
      headers: { cookie, 'x-requested-with': 'certlab-console' },
    });
    expect(stale.status).toBe(401);
    // Going back to a page asks to sign in again.
    await admin.page.goto('/certificates');
    await admin.page.getByRole('button', { name: 'Sign in' }).waitFor();
    admin.expectClean();
  });
});
