import {
  BACKDATE_MS,
  createIssuingCa,
  createRootCa,
  generateKeyPair,
  issueLeafCertificate,
  type Issuer,
  type LeafProfile,
  pkiContext,
  randomSerialNumber,
} from './index';

const DAY = 86_400_000;
const T0 = new Date('2026-01-01T00:00:00Z');

/** A deterministic context: a clock the test moves and a counter in place of the CSPRNG. */
function fixedContext(start: Date) {
  let now = start;
  let counter = 0;
  const ctx = pkiContext({
    now: () => now,
    randomBytes: (length) => {
      counter++;
      return new Uint8Array(length).fill(counter & 0xff);
    },
  });
  return { ctx, setNow: (date: Date) => (now = date) };
}

async function caAt(start: Date, rootDays: number, issuingDays: number) {
  const clock = fixedContext(start);
  const rootKeys = await generateKeyPair('P-256');
  const root = await createRootCa(
    { subject: 'CN=Root', keys: rootKeys, validityDays: rootDays },
    clock.ctx,
  );
  const issuingKeys = await generateKeyPair('P-256');
  const issuingCert = await createIssuingCa(
    {
      subject: 'CN=Issuing',
      publicKey: issuingKeys.publicKey,
      issuer: { certificate: root, privateKey: rootKeys.privateKey },
      validityDays: issuingDays,
    },
    clock.ctx,
  );
  const issuing: Issuer = { certificate: issuingCert, privateKey: issuingKeys.privateKey };
  return { ...clock, issuing };
}

const profile: LeafProfile = {
  subject: 'CN=app.example',
  subjectAltNames: { dns: ['app.example'] },
  validityDays: 30,
};

describe('leaf issuance with an injected clock and randomness', () => {
  it('backdates notBefore by the skew and sets notAfter from the profile', async () => {
    const { ctx, issuing } = await caAt(T0, 3650, 365);
    const keys = await generateKeyPair('P-256');
    const leaf = await issueLeafCertificate(
      { publicKey: keys.publicKey, profile, issuer: issuing },
      ctx,
    );
    expect(leaf.notBefore.toISOString()).toBe(new Date(T0.getTime() - BACKDATE_MS).toISOString());
    expect(leaf.notAfter.toISOString()).toBe(new Date(T0.getTime() + 30 * DAY).toISOString());
  });

  it("caps validity at the issuer's notAfter", async () => {
    const { ctx, issuing, setNow } = await caAt(T0, 3650, 40);
    setNow(new Date(T0.getTime() + 20 * DAY));
    const keys = await generateKeyPair('P-256');
    const leaf = await issueLeafCertificate(
      { publicKey: keys.publicKey, profile: { ...profile, validityDays: 365 }, issuer: issuing },
      ctx,
    );
    expect(leaf.notAfter.getTime()).toBe(issuing.certificate.notAfter.getTime());
  });

  it('refuses to issue from an expired issuer', async () => {
    const { ctx, issuing, setNow } = await caAt(T0, 3650, 10);
    setNow(new Date(T0.getTime() + 11 * DAY));
    const keys = await generateKeyPair('P-256');
    await expect(
      issueLeafCertificate({ publicKey: keys.publicKey, profile, issuer: issuing }, ctx),
    ).rejects.toMatchObject({
      code: 'INVALID_PROFILE',
      message: expect.stringContaining('not valid') as unknown,
    });
  });

  it('refuses an issuer that is not a CA', async () => {
    const { ctx, issuing } = await caAt(T0, 3650, 365);
    const keys = await generateKeyPair('P-256');
    const leaf = await issueLeafCertificate(
      { publicKey: keys.publicKey, profile, issuer: issuing },
      ctx,
    );
    await expect(
      issueLeafCertificate(
        {
          publicKey: keys.publicKey,
          profile,
          issuer: { certificate: leaf, privateKey: keys.privateKey },
        },
        ctx,
      ),
    ).rejects.toMatchObject({ code: 'INVALID_PROFILE' });
  });

  it('takes the serial from the injected randomness: positive, 16 bytes', () => {
    const { ctx } = fixedContext(T0);
    expect(randomSerialNumber(ctx)).toBe('41' + '01'.repeat(15));
    expect(randomSerialNumber(ctx)).toBe('42' + '02'.repeat(15));
  });

  it('real serials are distinct and carry at least 64 bits of entropy', () => {
    const serials = new Set(Array.from({ length: 5000 }, () => randomSerialNumber()));
    expect(serials.size).toBe(5000);
    for (const serial of serials) {
      expect(serial).toMatch(/^[4-7][0-9A-F]{31}$/); // top bit clear: positive; 126 random bits
    }
    // Every one of the 126 random bit positions takes both values across the sample.
    const ones = new Array<number>(128).fill(0);
    for (const serial of serials) {
      const bits = BigInt(`0x${serial}`);
      for (let i = 0; i < 128; i++) if ((bits >> BigInt(i)) & 1n) ones[i]!++;
    }
    const varying = ones.filter((count) => count > 0 && count < serials.size).length;
    expect(varying).toBeGreaterThanOrEqual(126);
  });

  it('with Ed25519 (deterministic signatures) the same inputs give byte-identical certificates', async () => {
    const rootKeys = await generateKeyPair('Ed25519');
    const leafKeys = await generateKeyPair('Ed25519');
    const issueOnce = async () => {
      const { ctx } = fixedContext(T0);
      const root = await createRootCa(
        { subject: 'CN=Root', keys: rootKeys, validityDays: 100 },
        ctx,
      );
      return issueLeafCertificate(
        {
          publicKey: leafKeys.publicKey,
          profile,
          issuer: { certificate: root, privateKey: rootKeys.privateKey },
        },
        ctx,
      );
    };
    const [first, second] = [await issueOnce(), await issueOnce()];
    expect(Buffer.from(second.der).equals(Buffer.from(first.der))).toBe(true);
    expect(first.thumbprint).toBe(second.thumbprint);
  });
});

describe('profile checks happen before signing', () => {
  const cases: [string, Partial<LeafProfile>, RegExp][] = [
    ['zero validity', { validityDays: 0 }, /validity/],
    ['fractional validity', { validityDays: 1.5 }, /validity/],
    ['absurd validity', { validityDays: 1e9 }, /validity/],
    ['bad DNS name', { subjectAltNames: { dns: ['bad name'] } }, /DNS/],
    ['bad IP', { subjectAltNames: { ip: ['300.1.1.1'] } }, /IP/],
    ['bad email', { subjectAltNames: { email: ['nobody'] } }, /email/],
    ['relative URI', { subjectAltNames: { uri: ['/relative'] } }, /URI/],
    ['unknown EKU', { extendedKeyUsages: ['flying'] }, /extended key usage/],
    ['bad CDP URL', { crlDistributionPoints: ['not a url'] }, /CRL distribution point/],
    ['no subject and no SAN', { subject: '', subjectAltNames: {} }, /subject/],
    ['garbage DN', { subject: '=,=,=' }, /distinguished name/],
  ];
  it.each(cases)('%s', async (_name, change, message) => {
    const { ctx, issuing } = await caAt(T0, 3650, 365);
    const keys = await generateKeyPair('P-256');
    await expect(
      issueLeafCertificate(
        { publicKey: keys.publicKey, profile: { ...profile, ...change }, issuer: issuing },
        ctx,
      ),
    ).rejects.toMatchObject({
      code: 'INVALID_PROFILE',
      message: expect.stringMatching(message) as unknown,
    });
  });

  it('an empty subject with SANs makes the SAN extension critical', async () => {
    const { ctx, issuing } = await caAt(T0, 3650, 365);
    const keys = await generateKeyPair('P-256');
    const leaf = await issueLeafCertificate(
      { publicKey: keys.publicKey, profile: { ...profile, subject: '' }, issuer: issuing },
      ctx,
    );
    expect(leaf.subject).toBe('');
    expect(leaf.x509.getExtension('2.5.29.17')?.critical).toBe(true);
  });

  it('a path length below the parent limit is enforced', async () => {
    const { ctx } = fixedContext(T0);
    const rootKeys = await generateKeyPair('P-256');
    const root = await createRootCa(
      { subject: 'CN=Root', keys: rootKeys, validityDays: 100, pathLength: 0 },
      ctx,
    );
    const keys = await generateKeyPair('P-256');
    await expect(
      createIssuingCa(
        {
          subject: 'CN=Sub',
          publicKey: keys.publicKey,
          issuer: { certificate: root, privateKey: rootKeys.privateKey },
          validityDays: 10,
        },
        ctx,
      ),
    ).rejects.toMatchObject({ code: 'INVALID_PROFILE' });
  });
});
