import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KeyAlgorithm } from '@certlab/contracts';
import {
  type CertificateRevocationList,
  createCrl,
  createRootCa,
  generateKeyPair,
  type Issuer,
  pkiContext,
  readCrl,
} from './index';

const T0 = new Date('2027-03-01T12:00:00Z');

async function rootIssuer(algorithm: KeyAlgorithm = 'P-256'): Promise<Issuer> {
  const keys = await generateKeyPair(algorithm);
  const certificate = await createRootCa(
    { subject: 'CN=CRL Root', keys, validityDays: 30 },
    pkiContext({ now: () => T0 }),
  );
  return { certificate, privateKey: keys.privateKey };
}

describe('createCrl / readCrl', () => {
  it('signs at the context’s now with the number, dates and reasons given', async () => {
    const issuer = await rootIssuer();
    const crl = await createCrl(
      {
        issuer,
        crlNumber: 7,
        nextUpdateHours: 168,
        entries: [
          { serialNumber: '0A1B', revocationDate: T0, reason: 'keyCompromise' },
          { serialNumber: '2C', revocationDate: T0, reason: 'unspecified' },
        ],
      },
      pkiContext({ now: () => T0 }),
    );

    expect(crl).toMatchObject({
      issuer: 'CN=CRL Root',
      thisUpdate: T0,
      nextUpdate: new Date(T0.getTime() + 7 * 86_400_000),
      crlNumber: 7,
      entries: [
        { serialNumber: 'A1B', revocationDate: T0, reason: 'keyCompromise' },
        { serialNumber: '2C', revocationDate: T0, reason: 'unspecified' },
      ],
    });
    expect(readCrl(crl.pem).entries).toEqual(crl.entries);
  });

  it('reads a CRL of thousands of entries (beyond @peculiar/x509’s 10,000-node parse limit)', async () => {
    const entries = Array.from({ length: 3000 }, (_, index) => ({
      serialNumber: (0x40_00_00 + index).toString(16).toUpperCase(),
      revocationDate: T0,
      reason: 'superseded' as const,
    }));

    const crl = await createCrl(
      { issuer: await rootIssuer(), crlNumber: 1, nextUpdateHours: 1, entries },
      pkiContext({ now: () => T0 }),
    );

    expect(crl.entries).toHaveLength(3000);
    expect(crl.entries[2999]).toEqual(entries[2999]);
    expect(readCrl(crl.der).entries).toEqual(crl.entries);
  });

  it.each<KeyAlgorithm>(['RSA-2048', 'P-256', 'P-384', 'Ed25519'])(
    'OpenSSL verifies the signature of a CRL signed by a %s CA',
    async (algorithm) => {
      const issuer = await rootIssuer(algorithm);
      const crl = await createCrl(
        {
          issuer,
          crlNumber: 3,
          nextUpdateHours: 24,
          entries: [{ serialNumber: '7F', revocationDate: T0, reason: 'cessationOfOperation' }],
        },
        pkiContext({ now: () => T0 }),
      );

      const result = opensslCrl(crl, issuer.certificate.pem);
      expect(result.output).toContain('verify OK');
      expect(result.output).toContain('Cessation Of Operation');
    },
  );

  it('refuses bytes that are no CRL', () => {
    expect(() => readCrl(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]))).toThrow(/CRL/);
  });
});

/** `openssl crl -text` with the signature checked against the CA. */
function opensslCrl(crl: CertificateRevocationList, caPem: string): { output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'certlab-crl-'));
  try {
    writeFileSync(join(dir, 'crl.der'), crl.der);
    writeFileSync(join(dir, 'ca.pem'), caPem);
    const result = spawnSync(
      'openssl',
      [
        'crl',
        '-inform',
        'DER',
        '-in',
        join(dir, 'crl.der'),
        '-CAfile',
        join(dir, 'ca.pem'),
        '-noout',
        '-text',
      ],
      { encoding: 'utf8' },
    );
    return { output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
