import { certificatesIn, ConsoleLab } from '../support/console-lab';
import { waitFor } from '../support/processes';

/*
 * The migration demo from the console: plan a campaign that moves the legacy RSA certificates to
 * the ECDSA CA with trust first and retire old, read the plan before anything happens, execute it
 * and watch the progress bars reach 100 %; the agents' files then hold ECDSA certificates.
 */
const LEGACY_QUERY = 'IssuingCA -eq "CA1.jdk.com\\\\jdk-CA1"';
const CHERRY = '192.168.41.171';

describe('console: a migration campaign', () => {
  let lab: ConsoleLab;
  beforeAll(async () => {
    lab = await ConsoleLab.start();
    // The seeded certificates are on disk before the campaign moves them.
    await lab.storeWritten(CHERRY, '/home/pi/cherry/cherrystore');
  });
  afterAll(() => lab.stop());

  it('plans, executes and finishes, with trust first and retire old, to 100 %', async () => {
    const session = await lab.signedIn('admin', '/campaigns/new');
    const { page } = session;
    await page.getByLabel('Name', { exact: true }).fill('jdk-CA1 to ECDSA');
    await page.getByLabel('Certificates (query)').fill(LEGACY_QUERY);
    await page.getByLabel('Target CA').selectOption('CA2.cherry.lab\\cherry-CA2-EC');
    await page.getByLabel('Target template').selectOption('WebServerECDSA');
    await page.getByLabel('Trust first').check();
    await page.getByLabel('Retire old').check();
    await page.getByRole('button', { name: 'Plan the campaign' }).click();

    // The plan, before anything happens: what moves, what cannot and why, what else changes.
    await page.getByText('Planned: nothing has happened yet').waitFor();
    const changes = page.locator('.card', { hasText: 'What changes besides the issuer' });
    await changes.getByText('RSA-2048', { exact: true }).first().waitFor();
    await changes.getByText('P-256', { exact: true }).first().waitFor();
    await page.getByText('NOT_IN_STORE').first().waitFor();
    await page.getByRole('table', { name: 'Trust deliveries' }).waitFor();
    await session.screenshot('campaign-plan');

    await page.getByRole('button', { name: 'Execute', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Execute', exact: true }).click();

    // The bars fill by themselves (live events) until every movable certificate is retired.
    for (const name of [
      'Trust deliveries confirmed',
      'Leaves issued',
      'Leaves delivered',
      'Leaves retired',
    ]) {
      const bar = page.getByRole('progressbar', { name, exact: true });
      await waitFor(
        async () => {
          const [now, max] = await Promise.all([
            bar.getAttribute('aria-valuenow'),
            bar.getAttribute('aria-valuemax'),
          ]);
          return now !== null && Number(max) > 0 && now === max;
        },
        90_000,
        () => `${name} did not reach 100 %`,
        200,
      );
      expect(await bar.getAttribute('aria-valuetext')).toMatch(/\(100 %\)$/);
    }
    await page.getByText('completed', { exact: true }).first().waitFor({ timeout: 30_000 });
    await session.screenshot('campaign-completed');

    // On disk: the cherrystore holds an ECDSA certificate of the new CA, the trust store its root.
    const [leaf] = certificatesIn(lab.storeFile(CHERRY, '/home/pi/cherry/cherrystore'));
    expect(leaf?.publicKey.asymmetricKeyType).toBe('ec');
    expect(leaf?.issuer).toContain('cherry Issuing CA2 EC');
    const trusted = certificatesIn(lab.storeFile(CHERRY, '/home/pi/cherry/trust/ca-bundle.pem'));
    expect(trusted.some((certificate) => certificate.subject.includes('cherry Root EC'))).toBe(
      true,
    );
    session.expectClean();
  });
});
