import { ConsoleLab, firstThumbprint } from '../support/console-lab';

/*
 * The vendor's example done from the console, as a person does it: sign in, open certificate 7,
 * renew it into the cherrystore with Email-Contact set, watch the delivery reach the agent's
 * verified write, and find that certificate in the store's file on disk.
 */
const CHERRY_MACHINE = '192.168.41.171';
const CHERRYSTORE = '/home/pi/cherry/cherrystore';
const CHERRYSTORE_LABEL = `${CHERRY_MACHINE}-${CHERRYSTORE}`;

describe('console: renewal from the certificate page', () => {
  let lab: ConsoleLab;
  beforeAll(async () => {
    lab = await ConsoleLab.start();
    // The seeded certificate reaches the cherrystore first, as with `pnpm start`.
    await lab.storeWritten(CHERRY_MACHINE, CHERRYSTORE);
  });
  afterAll(() => lab.stop());

  it('renews certificate 7 into the cherrystore and the agent writes exactly that certificate', async () => {
    const before = firstThumbprint(lab.storeFile(CHERRY_MACHINE, CHERRYSTORE));
    // A deep link: the sign-in page comes first, then the page that was asked for.
    const session = await lab.signedIn('enroller', '/certificates/7');
    const { page } = session;
    await page.getByRole('heading', { name: /cherry\.jdk\.cms/ }).waitFor();

    await page.getByRole('button', { name: 'Renew', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Renew certificate' }).waitFor();
    // The original's template and CA are preselected, and so is the store it sits in.
    expect(await dialog.getByLabel('Template').inputValue()).toBe('UserServer');
    await expect(dialog.getByLabel('Certificate authority').inputValue()).resolves.toMatch(
      /CA1\.jdk\.com\\jdk-CA1/,
    );
    const store = dialog.getByRole('checkbox', { name: CHERRYSTORE_LABEL });
    expect(await store.isChecked()).toBe(true);

    // The dialog checks metadata as the server does before anything is sent.
    const email = dialog.getByLabel('Email-Contact');
    await email.fill('not an email');
    await dialog.getByText(/takes an email address/).waitFor();
    expect(await dialog.getByRole('button', { name: 'Renew certificate' }).isDisabled()).toBe(true);
    await email.fill('a.b@example.com');
    await dialog.getByRole('button', { name: 'Renew certificate' }).click();

    await dialog.getByText('Disposition: ISSUED').waitFor();
    const thumbprint = (
      await dialog.getByLabel('New thumbprint', { exact: true }).innerText()
    ).trim();
    expect(thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(thumbprint).not.toBe(before);

    // The delivery moves by itself (live events) to the agent's written-and-verified result.
    const delivery = dialog.getByRole('listitem').filter({ hasText: CHERRYSTORE_LABEL });
    await delivery.getByText('Succeeded', { exact: true }).waitFor({ timeout: 30_000 });
    await dialog.getByText(/The delivery finished/).waitFor();

    // And the file on disk holds exactly the certificate the console showed.
    expect(firstThumbprint(lab.storeFile(CHERRY_MACHINE, CHERRYSTORE))).toBe(thumbprint);

    // The new certificate's page shows the metadata given and where it now sits.
    await dialog.getByRole('link', { name: /^#\d+/ }).click();
    await page.getByText(thumbprint).first().waitFor();
    await page.getByText('a.b@example.com').first().waitFor();
    await page.getByText(CHERRYSTORE).first().waitFor();
    await session.screenshot('renewal-certificate-page');
    session.expectClean();
  });
});
