import { X509Certificate } from 'node:crypto';
import { type KeyAlgorithm } from '@certlab/contracts';
import {
  type Certificate,
  createIssuingCa,
  createRootCa,
  generateKeyPair,
  issueLeafCertificate,
  type Issuer,
  verifyChain,
  certificateMatchesPrivateKey,
} from '../src';
import { openssl, opensslOk, scratchDir } from './openssl';

interface Hierarchy {
  root: Issuer;
  issuing: Issuer;
  leaf: Certificate;
  leafKey: CryptoKey;
}

async function buildHierarchy(
  rootAlg: KeyAlgorithm,
  issuingAlg: KeyAlgorithm,
  leafAlg: KeyAlgorithm,
): Promise<Hierarchy> {
  const rootKeys = await generateKeyPair(rootAlg);
  const root = await createRootCa({
    subject: `CN=certlab ${rootAlg} Root,O=certlab,DC=jdk,DC=cms`,
    keys: rootKeys,
    validityDays: 3650,
    pathLength: 1,
  });
  const issuingKeys = await generateKeyPair(issuingAlg);
  const issuingCert = await createIssuingCa({
    subject: `CN=jdk-CA1,DC=jdk,DC=cms`,
    publicKey: issuingKeys.publicKey,
    issuer: { certificate: root, privateKey: rootKeys.privateKey },
    validityDays: 1825,
    crlDistributionPoints: ['http://127.0.0.1:8080/crl/root.crl'],
    caIssuersUrls: ['http://127.0.0.1:8080/ca/root.crt'],
  });
  const issuing = { certificate: issuingCert, privateKey: issuingKeys.privateKey };
  const leafKeys = await generateKeyPair(leafAlg);
  const leaf = await issueLeafCertificate({
    publicKey: leafKeys.publicKey,
    issuer: issuing,
    profile: {
      subject: 'CN=www.cherry.example,O=Cherry,C=US',
      subjectAltNames: {
        dns: ['www.cherry.example', 'cherry.example'],
        ip: ['192.0.2.10', '2001:db8::1'],
        email: ['ops@cherry.example'],
        uri: ['https://cherry.example/id'],
      },
      extendedKeyUsages: ['serverAuth', 'clientAuth'],
      validityDays: 365,
      crlDistributionPoints: ['http://127.0.0.1:8080/crl/jdk-CA1.crl'],
      caIssuersUrls: ['http://127.0.0.1:8080/ca/jdk-CA1.crt'],
    },
  });
  return {
    root: { certificate: root, privateKey: rootKeys.privateKey },
    issuing,
    leaf,
    leafKey: leafKeys.privateKey,
  };
}

const SIGNATURES: Record<KeyAlgorithm, string> = {
  'RSA-2048': 'sha256WithRSAEncryption',
  'RSA-3072': 'sha256WithRSAEncryption',
  'RSA-4096': 'sha256WithRSAEncryption',
  'P-256': 'ecdsa-with-SHA256',
  'P-384': 'ecdsa-with-SHA384',
  Ed25519: 'ED25519',
};

const CASES: [string, KeyAlgorithm, KeyAlgorithm, KeyAlgorithm][] = [
  ['RSA root -> RSA issuing -> RSA leaf', 'RSA-2048', 'RSA-2048', 'RSA-2048'],
  ['P-384 root -> P-256 issuing -> P-256 leaf', 'P-384', 'P-256', 'P-256'],
  ['RSA root -> RSA issuing -> ECDSA leaf', 'RSA-2048', 'RSA-2048', 'P-256'],
  ['P-384 root -> P-384 issuing -> RSA-3072 leaf', 'P-384', 'P-384', 'RSA-3072'],
  ['Ed25519 root -> Ed25519 issuing -> Ed25519 leaf', 'Ed25519', 'Ed25519', 'Ed25519'],
];

describe.each(CASES)('%s', (_name, rootAlg, issuingAlg, leafAlg) => {
  const dir = scratchDir();
  let h: Hierarchy;
  let files: { root: string; issuing: string; leaf: string };

  beforeAll(async () => {
    h = await buildHierarchy(rootAlg, issuingAlg, leafAlg);
    files = {
      root: dir.write('root.pem', h.root.certificate.pem),
      issuing: dir.write('issuing.pem', h.issuing.certificate.pem),
      leaf: dir.write('leaf.pem', h.leaf.pem),
    };
  });
  afterAll(() => dir.remove());

  it('openssl verify -x509_strict -purpose sslserver accepts the chain', () => {
    const out = opensslOk([
      'verify',
      '-x509_strict',
      '-purpose',
      'sslserver',
      '-CAfile',
      files.root,
      '-untrusted',
      files.issuing,
      files.leaf,
    ]);
    expect(out).toContain(': OK');
    const ca = opensslOk(['verify', '-x509_strict', '-CAfile', files.root, files.issuing]);
    expect(ca).toContain(': OK');
  });

  it('openssl rejects the leaf against a root that did not sign it', async () => {
    const stranger = await buildHierarchy(rootAlg, issuingAlg, leafAlg);
    const other = dir.write('other-root.pem', stranger.root.certificate.pem);
    const result = openssl([
      'verify',
      '-x509_strict',
      '-CAfile',
      other,
      '-untrusted',
      files.issuing,
      files.leaf,
    ]);
    expect(result.status).not.toBe(0);
  });

  it('openssl x509 -text shows the profile', () => {
    const text = opensslOk(['x509', '-in', files.leaf, '-noout', '-text', '-nameopt', 'RFC2253']);
    expect(text).toContain(`Signature Algorithm: ${SIGNATURES[issuingAlg]}`);
    expect(text).toContain('Issuer: CN=jdk-CA1,DC=jdk,DC=cms');
    expect(text).toContain('Subject: CN=www.cherry.example,O=Cherry,C=US');
    expect(text).toMatch(/DNS:www\.cherry\.example, DNS:cherry\.example/);
    expect(text).toContain('IP Address:192.0.2.10');
    expect(text).toContain('IP Address:2001:DB8:0:0:0:0:0:1');
    expect(text).toContain('email:ops@cherry.example');
    expect(text).toContain('URI:https://cherry.example/id');
    expect(text).toContain('TLS Web Server Authentication, TLS Web Client Authentication');
    expect(text).toContain('URI:http://127.0.0.1:8080/crl/jdk-CA1.crl');
    expect(text).toContain('CA Issuers - URI:http://127.0.0.1:8080/ca/jdk-CA1.crt');
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/);
    const expectedUsage = leafAlg.startsWith('RSA')
      ? 'Digital Signature, Key Encipherment'
      : 'Digital Signature';
    expect(text).toMatch(new RegExp(`X509v3 Key Usage: critical\\s+${expectedUsage}\\n`));
    const caText = opensslOk(['x509', '-in', files.issuing, '-noout', '-text']);
    expect(caText).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(caText).toMatch(/X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(caText).toContain('X509v3 Subject Key Identifier');
    expect(caText).toContain('X509v3 Authority Key Identifier');
  });

  it("Node's X509Certificate agrees: verify, checkIssued, fields", () => {
    const root = new X509Certificate(h.root.certificate.der);
    const issuing = new X509Certificate(h.issuing.certificate.der);
    const leaf = new X509Certificate(h.leaf.der);
    expect(root.verify(root.publicKey)).toBe(true);
    expect(issuing.verify(root.publicKey)).toBe(true);
    expect(leaf.verify(issuing.publicKey)).toBe(true);
    expect(leaf.verify(root.publicKey)).toBe(false);
    expect(issuing.checkIssued(root)).toBe(true);
    expect(leaf.checkIssued(issuing)).toBe(true);
    expect(leaf.checkIssued(root)).toBe(false);
    expect(leaf.ca).toBe(false);
    expect(issuing.ca).toBe(true);
    expect(leaf.fingerprint.replace(/:/g, '')).toBe(h.leaf.thumbprint);
    expect(leaf.serialNumber.replace(/^0+/, '')).toBe(h.leaf.serialNumber);
    expect(leaf.checkHost('www.cherry.example')).toBe('www.cherry.example');
    expect(leaf.checkIP('192.0.2.10')).toBe('192.0.2.10');
  });

  it('reads back what it wrote', async () => {
    expect(h.leaf.keyAlgorithm).toBe(leafAlg);
    expect(h.leaf.issuer).toBe('CN=jdk-CA1,DC=jdk,DC=cms');
    expect(h.leaf.signatureAlgorithm).toBe(SIGNATURES[issuingAlg]);
    expect(h.leaf.authorityKeyIdentifier).toBe(h.issuing.certificate.subjectKeyIdentifier);
    expect(h.leaf.notAfter.getTime()).toBeLessThanOrEqual(h.issuing.certificate.notAfter.getTime());
    const chain = await verifyChain(h.leaf, {
      intermediates: [h.issuing.certificate],
      trustAnchors: [h.root.certificate],
    });
    expect(chain.map((c) => c.thumbprint)).toEqual([
      h.leaf.thumbprint,
      h.issuing.certificate.thumbprint,
      h.root.certificate.thumbprint,
    ]);
    expect(await certificateMatchesPrivateKey(h.leaf, h.leafKey)).toBe(true);
    expect(await certificateMatchesPrivateKey(h.leaf, h.issuing.privateKey)).toBe(false);
  });
});
