import { X509Certificate as NodeX509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate as AsnCertificate } from '@peculiar/asn1-x509';
import { type KeyAlgorithm } from '@certlab/contracts';
import { openssl, opensslOk, scratchDir } from '../test/openssl';
import {
  AuthorityInfoAccessExtension,
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  CRLDistributionPointsExtension,
  ExtendedKeyUsageExtension,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
} from './x509';
import {
  type Certificate,
  createIssuingCa,
  createRootCa,
  generateKeyPair,
  issueLeafCertificate,
  formatDn,
  type Issuer,
  parseDn,
  pkiContext,
} from './index';
import { bufferView } from './pem';
import { nameDer } from './tbs-writer';

const ROOT_DN = 'CN=certlab Root,O=certlab,DC=jdk,DC=cms';
const CA_DN = 'CN=jdk-CA1,DC=jdk,DC=cms';
/** OU=Lab_1 is a UTF8String ('_' is not PrintableString), DC an IA5String, the rest printable. */
const LEAF_DN = 'CN=www.cherry.example,OU=Lab_1,O=Cherry,DC=cherry,C=US';
const SANS = {
  dns: ['www.cherry.example', '*.cherry.example'],
  ip: ['192.0.2.10', '2001:db8::1'],
  email: ['ops@cherry.example'],
  uri: ['https://cherry.example/id'],
};

interface Chain {
  root: Issuer;
  ca: Issuer;
  leaf: Certificate;
  now: Date;
}

async function chainAt(algorithm: KeyAlgorithm, now: Date): Promise<Chain> {
  const ctx = pkiContext({ now: () => now });
  const rootKeys = await generateKeyPair(algorithm);
  const rootCert = await createRootCa(
    { subject: ROOT_DN, keys: rootKeys, validityDays: 3650, pathLength: 1 },
    ctx,
  );
  const root = { certificate: rootCert, privateKey: rootKeys.privateKey };
  const caKeys = await generateKeyPair(algorithm);
  const caCert = await createIssuingCa(
    {
      subject: CA_DN,
      publicKey: caKeys.publicKey,
      issuer: root,
      validityDays: 1825,
      crlDistributionPoints: ['http://127.0.0.1:8080/crl/root.crl'],
      caIssuersUrls: ['http://127.0.0.1:8080/ca/root.crt'],
    },
    ctx,
  );
  const ca = { certificate: caCert, privateKey: caKeys.privateKey };
  const leafKeys = await generateKeyPair(algorithm);
  const leaf = await issueLeafCertificate(
    {
      publicKey: leafKeys.publicKey,
      issuer: ca,
      profile: {
        subject: LEAF_DN,
        subjectAltNames: SANS,
        extendedKeyUsages: ['serverAuth', 'clientAuth', 'codeSigning'],
        validityDays: 400,
        crlDistributionPoints: ['http://127.0.0.1:8080/crl/jdk-CA1.crl'],
        caIssuersUrls: ['http://127.0.0.1:8080/ca/jdk-CA1.crt'],
      },
    },
    ctx,
  );
  return { root, ca, leaf, now };
}

/** The extension part of `openssl x509 -text` as @peculiar/x509's generator made it (key ids masked). */
function expectedExtensionText(kind: 'root' | 'ca' | 'leaf', algorithm: KeyAlgorithm): string {
  const ski = ['X509v3 Subject Key Identifier:', 'KEYID'];
  const aki = ['X509v3 Authority Key Identifier:', 'KEYID'];
  const crlAndAia = (name: string) => [
    'X509v3 CRL Distribution Points:',
    'Full Name:',
    `URI:http://127.0.0.1:8080/crl/${name}.crl`,
    'Authority Information Access:',
    `CA Issuers - URI:http://127.0.0.1:8080/ca/${name}.crt`,
  ];
  const caUsage = ['X509v3 Key Usage: critical', 'Certificate Sign, CRL Sign'];
  const lines = {
    root: ['X509v3 Basic Constraints: critical', 'CA:TRUE, pathlen:1', ...caUsage, ...ski],
    ca: [
      'X509v3 Basic Constraints: critical',
      'CA:TRUE, pathlen:0',
      ...caUsage,
      ...ski,
      ...aki,
      ...crlAndAia('root'),
    ],
    leaf: [
      'X509v3 Basic Constraints: critical',
      'CA:FALSE',
      'X509v3 Key Usage: critical',
      algorithm.startsWith('RSA') ? 'Digital Signature, Key Encipherment' : 'Digital Signature',
      'X509v3 Extended Key Usage:',
      'TLS Web Server Authentication, TLS Web Client Authentication, Code Signing',
      'X509v3 Subject Alternative Name:',
      'DNS:www.cherry.example, DNS:*.cherry.example, IP Address:192.0.2.10, IP Address:2001:DB8:0:0:0:0:0:1, email:ops@cherry.example, URI:https://cherry.example/id',
      ...ski,
      ...aki,
      ...crlAndAia('jdk-CA1'),
    ],
  };
  return ['X509v3 extensions:', ...lines[kind]].join('\n');
}

function opensslExtensionText(certificate: Certificate): string {
  const text = opensslOk(
    [
      'x509',
      '-noout',
      '-text',
      '-certopt',
      'no_header,no_version,no_serial,no_signame,no_validity,no_subject,no_issuer,no_pubkey,no_sigdump',
    ],
    certificate.pem,
  );
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n')
    .replace(/([0-9A-F]{2}:){10,}[0-9A-F]{2}/g, 'KEYID');
}

/**
 * An independent strict-DER check: definite minimal lengths, single-byte tags, minimal INTEGERs,
 * BOOLEAN as FF, and every constructed element (and the DER inside extnValue) exactly filled.
 */
function derProblems(bytes: Uint8Array, path = ''): string[] {
  const problems: string[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const tag = bytes[offset]!;
    let length = bytes[offset + 1];
    let header = 2;
    if (length === undefined) return [...problems, `${path}: truncated header`];
    if (length & 0x80) {
      const count = length & 0x7f;
      const lengthBytes = bytes.subarray(offset + 2, offset + 2 + count);
      if (count === 0) return [...problems, `${path}: indefinite length`];
      length = lengthBytes.reduce((sum, byte) => sum * 256 + byte, 0);
      if (lengthBytes[0] === 0 || length < 0x80) problems.push(`${path}: non-minimal length`);
      header += count;
    }
    const contents = bytes.subarray(offset + header, offset + header + length);
    if (contents.length !== length) return [...problems, `${path}: overruns its parent`];
    const here = `${path}/${tag.toString(16)}`;
    if ((tag & 0x1f) === 0x1f) problems.push(`${here}: multi-byte tag`);
    if (
      tag === 0x02 &&
      (length === 0 || (length > 1 && contents[0] === (contents[1]! & 0x80 ? 0xff : 0)))
    ) {
      problems.push(`${here}: non-minimal INTEGER`);
    }
    if (tag === 0x01 && (length !== 1 || contents[0] !== 0xff)) problems.push(`${here}: BOOLEAN`);
    if (tag & 0x20) problems.push(...derProblems(contents, here));
    // extnValue holds DER too.
    if (tag === 0x04 && path.endsWith('/a3/30/30')) problems.push(...derProblems(contents, here));
    offset += header + length;
  }
  return problems;
}

const ALGORITHMS: KeyAlgorithm[] = ['RSA-2048', 'P-256', 'P-384', 'Ed25519'];
// Before 2050 UTCTime throughout; from mid-2049 the leaf and CAs end after 2050 (GeneralizedTime);
// from 2051 every time is GeneralizedTime.
const DATES = [
  new Date('2026-03-01T10:11:12.345Z'),
  new Date('2049-06-01T00:00:00Z'),
  new Date('2051-01-01T00:00:00Z'),
];

describe.each(ALGORITHMS)(
  '%s certificates written as DER agree with independent readers',
  (algorithm) => {
    const dir = scratchDir();
    afterAll(() => dir.remove());

    it.each(DATES.map((date) => [date.toISOString(), date] as const))(
      'at %s: OpenSSL, Node and @peculiar/x509 read the chain as written',
      async (label, now) => {
        const chain = await chainAt(algorithm, now);
        const { root, ca, leaf } = chain;
        const rootFile = dir.write(`${algorithm}-${label}-root.pem`, root.certificate.pem);
        const caFile = dir.write(`${algorithm}-${label}-ca.pem`, ca.certificate.pem);
        const leafFile = dir.write(`${algorithm}-${label}-leaf.pem`, leaf.pem);
        const atTime = String(Math.floor(now.getTime() / 1000) + 3600);
        const verify = openssl([
          'verify',
          '-attime',
          atTime,
          '-CAfile',
          rootFile,
          '-untrusted',
          caFile,
          leafFile,
        ]);
        expect(verify.stderr).toBe('');
        expect(verify.stdout).toContain(': OK');

        const certificates = [
          ['root', root.certificate, root.certificate],
          ['ca', ca.certificate, root.certificate],
          ['leaf', leaf, ca.certificate],
        ] as const;
        for (const [kind, certificate, issuer] of certificates) {
          expect(derProblems(certificate.der)).toEqual([]);
          // asn1-schema re-encodes exactly what it read.
          const asn = AsnConvert.parse(certificate.der, AsnCertificate);
          expect(Buffer.from(AsnConvert.serialize(asn)).equals(Buffer.from(certificate.der))).toBe(
            true,
          );
          // RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
          for (const time of [certificate.notBefore, certificate.notAfter]) {
            const tag = time.getUTCFullYear() < 2050 ? '170d' : '180f';
            expect(Buffer.from(certificate.der).toString('hex')).toContain(tag);
          }
          expect(opensslExtensionText(certificate)).toBe(expectedExtensionText(kind, algorithm));

          const node = new NodeX509Certificate(certificate.der);
          expect(node.subject).toBe(certificate.subject.split(',').reverse().join('\n'));
          expect(node.issuer).toBe(issuer.subject.split(',').reverse().join('\n'));
          expect(node.serialNumber.replace(/^0+/, '')).toBe(certificate.serialNumber);
          expect(new Date(node.validFrom).getTime()).toBe(certificate.notBefore.getTime());
          expect(new Date(node.validTo).getTime()).toBe(certificate.notAfter.getTime());
          expect(node.checkIssued(new NodeX509Certificate(issuer.der))).toBe(true);
          expect(node.verify(new NodeX509Certificate(issuer.der).publicKey)).toBe(true);

          const peculiar = new X509Certificate(bufferView(certificate.der));
          expect(formatDn(peculiar.subjectName)).toBe(certificate.subject);
          expect(peculiar.serialNumber.toUpperCase().replace(/^0+/, '')).toBe(
            certificate.serialNumber,
          );
          expect(peculiar.notBefore.getTime()).toBe(certificate.notBefore.getTime());
          expect(peculiar.notAfter.getTime()).toBe(certificate.notAfter.getTime());
          expect(Buffer.from(peculiar.issuerName.toArrayBuffer())).toEqual(
            Buffer.from(new X509Certificate(bufferView(issuer.der)).subjectName.toArrayBuffer()),
          );
          expect(
            await peculiar.verify({ publicKey: issuer.x509.publicKey, signatureOnly: true }),
          ).toBe(true);
          const basic = peculiar.getExtension(BasicConstraintsExtension)!;
          expect([basic.ca, basic.pathLength, basic.critical]).toEqual([
            kind !== 'leaf',
            { root: 1, ca: 0, leaf: undefined }[kind],
            true,
          ]);
          expect(peculiar.getExtension(KeyUsagesExtension)?.critical).toBe(true);
          const ski = peculiar.getExtension(SubjectKeyIdentifierExtension)!;
          expect(ski.keyId.toUpperCase()).toBe(certificate.subjectKeyIdentifier);
          expect(ski.keyId).toBe(
            (await SubjectKeyIdentifierExtension.create(peculiar.publicKey)).keyId,
          );
          if (kind !== 'root') {
            expect(
              peculiar.getExtension(AuthorityKeyIdentifierExtension)?.keyId?.toUpperCase(),
            ).toBe(issuer.subjectKeyIdentifier);
            const cdp = peculiar.getExtension(CRLDistributionPointsExtension)!;
            expect(
              cdp.distributionPoints[0]?.distributionPoint?.fullName?.[0]
                ?.uniformResourceIdentifier,
            ).toBe(certificate.crlDistributionPoints[0]);
            expect(
              peculiar
                .getExtension(AuthorityInfoAccessExtension)
                ?.caIssuers.map((name) => name.value),
            ).toEqual(certificate.caIssuersUrls);
          }
          if (kind === 'leaf') {
            expect(peculiar.getExtension(ExtendedKeyUsageExtension)?.usages).toEqual([
              '1.3.6.1.5.5.7.3.1',
              '1.3.6.1.5.5.7.3.2',
              '1.3.6.1.5.5.7.3.3',
            ]);
            const san = peculiar.getExtension(SubjectAlternativeNameExtension)!;
            expect(san.critical).toBe(false);
            expect(san.names.toJSON()).toEqual([
              { type: 'dns', value: 'www.cherry.example' },
              { type: 'dns', value: '*.cherry.example' },
              { type: 'ip', value: '192.0.2.10' },
              { type: 'ip', value: '2001:db8::1' },
              { type: 'email', value: 'ops@cherry.example' },
              { type: 'url', value: 'https://cherry.example/id' },
            ]);
            expect(node.subjectAltName).toBe(
              'DNS:www.cherry.example, DNS:*.cherry.example, IP Address:192.0.2.10, IP Address:2001:DB8:0:0:0:0:0:1, email:ops@cherry.example, URI:https://cherry.example/id',
            );
            expect(certificate.subjectAltNames).toEqual(SANS);
          }
        }
      },
    );

    it('a certificate with one flipped signature byte fails OpenSSL and Node', async () => {
      const { ca, leaf, now } = await chainAt(algorithm, DATES[0]!);
      const tampered = Buffer.from(leaf.der);
      tampered[tampered.length - 5]! ^= 0x01;
      expect(
        new NodeX509Certificate(tampered).verify(
          new NodeX509Certificate(ca.certificate.der).publicKey,
        ),
      ).toBe(false);
      const caFile = dir.write(`${algorithm}-tampered-ca.pem`, ca.certificate.pem);
      const result = openssl(
        [
          'verify',
          '-attime',
          String(Math.floor(now.getTime() / 1000) + 60),
          '-partial_chain',
          '-CAfile',
          caFile,
        ],
        Buffer.from(new NodeX509Certificate(tampered).toString()),
      );
      expect(result.status).not.toBe(0);
    });
  },
);

describe('subject names', () => {
  it.each([
    'CN=app.example',
    'CN=jdk-CA1,DC=jdk,DC=cms',
    'CN=Müller,O=Firma GmbH,C=DE',
    'CN=a_b,OU=x+OU=y,O=Cherry\\, Inc.,E=ops@cherry.example',
    'CN=#0403616263,O=certlab',
    '2.5.4.5=1234,CN=x',
    '',
  ])('%s is encoded byte for byte as @peculiar/x509 encodes it', (dn) => {
    const name = parseDn(dn);
    expect(Buffer.from(nameDer(name))).toEqual(Buffer.from(name.toArrayBuffer()));
  });
});
