import { X509Certificate } from 'node:crypto';
import {
  createCrl,
  createCsr,
  generateKeyPair,
  issueLeafCertificate,
  parseCsr,
  readCrl,
  isPkiError,
} from '../src';
import { makeCaPair } from './fixtures';
import { openssl, opensslOk, scratchDir } from './openssl';

describe('CRL', () => {
  const dir = scratchDir();
  afterAll(() => dir.remove());

  it.each(['RSA-2048', 'P-384'] as const)(
    '%s: openssl crl -verify accepts it and verify -crl_check uses its reasons',
    async (algorithm) => {
      const { root, issuing } = await makeCaPair(algorithm);
      const keys = await generateKeyPair('P-256');
      const profile = {
        subject: 'CN=revoked.example',
        subjectAltNames: { dns: ['revoked.example'] },
        extendedKeyUsages: ['serverAuth'],
        validityDays: 90,
      };
      const revoked = await issueLeafCertificate({
        publicKey: keys.publicKey,
        profile,
        issuer: issuing,
      });
      const good = await issueLeafCertificate({
        publicKey: keys.publicKey,
        profile: {
          ...profile,
          subject: 'CN=good.example',
          subjectAltNames: { dns: ['good.example'] },
        },
        issuer: issuing,
      });
      const revokedAt = new Date(Date.now() - 1000);
      const crl = await createCrl({
        issuer: issuing,
        crlNumber: 7,
        nextUpdateHours: 24,
        entries: [
          {
            serialNumber: revoked.serialNumber,
            revocationDate: revokedAt,
            reason: 'keyCompromise',
          },
          { serialNumber: 'DEAD:BEEF', revocationDate: revokedAt, reason: 'unspecified' },
        ],
      });
      const crlFile = dir.write(`${algorithm}.crl.pem`, crl.pem);
      const issuingFile = dir.write(`${algorithm}-issuing.pem`, issuing.certificate.pem);
      const rootFile = dir.write(`${algorithm}-root.pem`, root.certificate.pem);

      const verified = openssl([
        'crl',
        '-in',
        crlFile,
        '-noout',
        '-verify',
        '-CAfile',
        issuingFile,
      ]);
      expect(verified.stderr + verified.stdout).toContain('verify OK');
      const text = opensslOk(['crl', '-in', crlFile, '-noout', '-text']);
      expect(text).toContain(`Serial Number: ${revoked.serialNumber}`);
      expect(text).toContain('Key Compromise');
      expect(text).toMatch(/X509v3 CRL Number:\s+7/);
      expect(text).toContain('X509v3 Authority Key Identifier');

      // The whole chain with CRL checking: the revoked leaf fails, the good one passes.
      const chainFile = dir.write(
        `${algorithm}-chain.pem`,
        root.certificate.pem + issuing.certificate.pem,
      );
      const rootCrl = await createCrl({
        issuer: root,
        crlNumber: 1,
        nextUpdateHours: 24,
        entries: [],
      });
      const crls = dir.write(`${algorithm}-crls.pem`, crl.pem + rootCrl.pem);
      const revokedResult = openssl([
        'verify',
        '-crl_check_all',
        '-CAfile',
        chainFile,
        '-CRLfile',
        crls,
        dir.write(`${algorithm}-revoked.pem`, revoked.pem),
      ]);
      expect(revokedResult.status).not.toBe(0);
      expect(revokedResult.stdout + revokedResult.stderr).toContain('certificate revoked');
      const goodResult = openssl([
        'verify',
        '-crl_check_all',
        '-CAfile',
        chainFile,
        '-CRLfile',
        crls,
        dir.write(`${algorithm}-good.pem`, good.pem),
      ]);
      expect(goodResult.stdout).toContain(': OK');
      void rootFile;

      const parsed = readCrl(crl.der);
      expect(parsed.crlNumber).toBe(7);
      expect(parsed.issuer).toBe('CN=jdk-CA1,DC=jdk,DC=cms');
      expect(parsed.entries).toEqual([
        {
          serialNumber: revoked.serialNumber,
          revocationDate: new Date(Math.floor(revokedAt.getTime() / 1000) * 1000),
          reason: 'keyCompromise',
        },
        {
          serialNumber: 'DEADBEEF',
          revocationDate: new Date(Math.floor(revokedAt.getTime() / 1000) * 1000),
          reason: 'unspecified',
        },
      ]);
    },
  );

  it('refuses a signer that may not sign CRLs', async () => {
    const { issuing } = await makeCaPair('P-256');
    const keys = await generateKeyPair('P-256');
    const leaf = await issueLeafCertificate({
      publicKey: keys.publicKey,
      profile: { subject: 'CN=leaf', validityDays: 1 },
      issuer: issuing,
    });
    await expect(
      createCrl({
        issuer: { certificate: leaf, privateKey: keys.privateKey },
        crlNumber: 1,
        nextUpdateHours: 1,
        entries: [],
      }),
    ).rejects.toMatchObject({ code: 'INVALID_PROFILE' });
  });
});

describe('CSR', () => {
  it.each(['RSA-2048', 'P-256', 'P-384', 'Ed25519'] as const)(
    '%s: a CSR made here is read by openssl, parsed back and issued',
    async (algorithm) => {
      const keys = await generateKeyPair(algorithm);
      const pem = await createCsr({
        subject: 'CN=agent.cherry,O=Cherry',
        keys,
        subjectAltNames: { dns: ['agent.cherry'], ip: ['10.0.0.1'] },
      });
      const text = opensslOk(['req', '-noout', '-verify', '-text'], pem);
      expect(text).toContain('DNS:agent.cherry');

      const csr = await parseCsr(pem);
      expect(csr.subject).toBe('CN=agent.cherry,O=Cherry');
      expect(csr.keyAlgorithm).toBe(algorithm);
      expect(csr.subjectAltNames).toEqual({
        dns: ['agent.cherry'],
        ip: ['10.0.0.1'],
        email: [],
        uri: [],
      });

      const { issuing } = await makeCaPair('P-256');
      const cert = await issueLeafCertificate({
        publicKey: csr.subjectPublicKeyInfo,
        profile: { subject: csr.subject, subjectAltNames: csr.subjectAltNames, validityDays: 30 },
        issuer: issuing,
      });
      expect(
        new X509Certificate(cert.der).verify(
          new X509Certificate(issuing.certificate.der).publicKey,
        ),
      ).toBe(true);
      expect(cert.keyAlgorithm).toBe(algorithm);
    },
  );

  it('parses a CSR made by openssl', async () => {
    const dir = scratchDir();
    try {
      const key = dir.path('k.pem');
      opensslOk([
        'genpkey',
        '-algorithm',
        'EC',
        '-pkeyopt',
        'ec_paramgen_curve:P-384',
        '-out',
        key,
      ]);
      const pem = opensslOk([
        'req',
        '-new',
        '-key',
        key,
        '-subj',
        '/DC=cms/DC=jdk/CN=from-openssl',
        '-addext',
        'subjectAltName=DNS:a.example,email:x@a.example',
      ]);
      const csr = await parseCsr(pem);
      expect(csr.subject).toBe('CN=from-openssl,DC=jdk,DC=cms');
      expect(csr.keyAlgorithm).toBe('P-384');
      expect(csr.subjectAltNames.dns).toEqual(['a.example']);
      expect(csr.subjectAltNames.email).toEqual(['x@a.example']);
    } finally {
      dir.remove();
    }
  });

  it('a CSR whose signature was tampered with is BAD_SIGNATURE', async () => {
    const keys = await generateKeyPair('P-256');
    const pem = await createCsr({ subject: 'CN=tamper', keys });
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    der[der.length - 3] = (der[der.length - 3] ?? 0) ^ 0xff; // inside the signature BIT STRING
    const error = await parseCsr(new Uint8Array(der)).catch((e: unknown) => e);
    expect(isPkiError(error, 'BAD_SIGNATURE')).toBe(true);
  });
});
