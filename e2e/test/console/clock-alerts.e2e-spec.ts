import { ConsoleLab, firstThumbprint } from '../support/console-lab';
import { waitFor } from '../support/processes';

/*
 * Time travel from the console: an admin saves a collection, an expiration alert with the renewal
 * handler and a daily schedule, then moves the lab clock 60 days. The banner says the clock is
 * virtual, the schedule fires once on the moved clock, and the alert's run shows the renewed
 * certificate, which its agent then writes into its store.
 */
const WEB01 = 'web01.jdk.cms';
const WEB01_STORE = '/etc/ssl/certs/web01.pem';

describe('console: the lab clock and expiration alerts', () => {
  let lab: ConsoleLab;
  beforeAll(async () => {
    lab = await ConsoleLab.start();
    await lab.storeWritten(WEB01, WEB01_STORE);
  });
  afterAll(() => lab.stop());

  it('advancing the clock 60 days shows the banner and the alert renews what it reports', async () => {
    const before = firstThumbprint(lab.storeFile(WEB01, WEB01_STORE));
    const session = await lab.signedIn('admin', '/alerts');
    const { page } = session;
    expect(await page.getByRole('region', { name: 'Lab clock' }).count()).toBe(0);

    await page.getByRole('tab', { name: /^Collections/ }).click();
    await page.getByLabel('Name', { exact: true }).fill('Legacy CA');
    await page.getByLabel('Query', { exact: true }).fill('IssuingCA -eq "CA1.jdk.com\\\\jdk-CA1"');
    await page.getByRole('button', { name: 'Save collection' }).click();
    await page.getByRole('tab', { name: 'Collections (1)' }).waitFor();

    await page.getByRole('tab', { name: /^Alerts/ }).click();
    await page.getByRole('button', { name: 'New alert' }).click();
    const editor = page.getByRole('dialog');
    await editor.getByLabel('Name', { exact: true }).fill('Renew within 300 days');
    await editor.getByLabel('Collection').selectOption({ label: 'Legacy CA' });
    await editor.getByLabel('Warning days').fill('300');
    await editor.getByLabel('Subject').fill('{cn} expires on {certnotafterdate}');
    await editor.getByLabel('Message').fill('Renewed by the lab.');
    await editor.getByLabel('Renew what the alert reports').check();
    await editor.getByRole('button', { name: 'Create alert' }).click();
    await page.getByRole('tab', { name: 'Alerts (1)' }).waitFor();

    await page.getByRole('tab', { name: 'Schedule' }).click();
    await page.getByLabel('Runs').selectOption('daily');
    await page.getByLabel('Time (UTC)').fill('09:00');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.getByText('Schedule saved').waitFor();

    // Sixty days later.
    await page.getByRole('link', { name: 'Lab clock', exact: true }).click();
    await page.getByRole('button', { name: '+60 days' }).click();
    const banner = page.getByRole('region', { name: 'Lab clock' });
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(/virtual/i);

    // The schedule fired once on the moved clock; the run lists what was renewed.
    await page.getByRole('link', { name: 'Alerts', exact: true }).click();
    await page.getByRole('tab', { name: 'Alerts (1)' }).click();
    await page.getByRole('button', { name: 'Runs', exact: true }).click();
    const renewed = page.getByRole('link', { name: /^renewed as #\d+$/ });
    await renewed.first().waitFor({ timeout: 30_000 });
    const results = page.getByRole('table', { name: /^Results of run \d+$/ });
    expect(await results.count()).toBe(1);
    await results.getByText('renewed', { exact: true }).first().waitFor();
    await session.screenshot('alerts-run-after-60-days');

    // And web01's agent wrote the renewed certificate into its store.
    await waitFor(
      () => firstThumbprint(lab.storeFile(WEB01, WEB01_STORE)) !== before,
      30_000,
      () => "web01's store never received the renewed certificate",
    );
    session.expectClean();
  });
});
