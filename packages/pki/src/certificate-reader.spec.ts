import { opensslOk, scratchDir } from '../test/openssl';
import { readCertificateFieldsFast } from './certificate-reader';
import {
  createRootCa,
  generateKeyPair,
  issueLeafCertificate,
  pkiContext,
  readCertificate,
  readCertificateFieldsWithSchema,
} from './index';

const dir = scratchDir();
afterAll(() => dir.remove());

/** A self-signed certificate made by OpenSSL with the options given, as DER. */
function opensslCertificate(name: string, key: string[], extra: string[]): Uint8Array {
  const pem = opensslOk([
    'req',
    '-x509',
    '-nodes',
    '-utf8',
    '-keyout',
    dir.path(`${name}.key`),
    ...key,
    ...extra,
  ]);
  return readCertificate(pem).der;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];

/** Certificates the fast path reads: its fields must be those of the asn1-schema parse. */
const PLAIN: [string, string[], string[]][] = [
  [
    'every SAN type, UTF-8 name, AIA with OCSP, two URIs in one distribution point',
    EC,
    [
      '-subj',
      '/DC=example/O=Grüße GmbH/OU=a_b/CN=Ünïcode',
      '-days',
      '30',
      '-addext',
      'subjectAltName=DNS:a.example,IP:10.1.2.3,IP:::1,IP:2001:db8:0:0:1:0:0:1,email:a@b.example,URI:urn:x',
      '-addext',
      'crlDistributionPoints=URI:http://a/1.crl,URI:ldap://a/2',
      '-addext',
      'authorityInfoAccess=OCSP;URI:http://ocsp.example,caIssuers;URI:http://ca.example/ca.crt',
      '-addext',
      'extendedKeyUsage=serverAuth,1.2.3.4.5',
    ],
  ],
  [
    'every key usage bit (two bytes), CA with pathlen, AKI with issuer and serial, notAfter after 2050',
    ['-newkey', 'rsa:2048'],
    [
      '-subj',
      '/C=DE/CN=root',
      '-days',
      '20000',
      '-set_serial',
      '0',
      '-addext',
      'keyUsage=critical,digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment,keyAgreement,keyCertSign,cRLSign,encipherOnly,decipherOnly',
      '-addext',
      'basicConstraints=critical,CA:TRUE,pathlen:3',
      '-addext',
      'authorityKeyIdentifier=keyid:always,issuer:always',
    ],
  ],
  [
    'P-521 key (not one certlab issues for)',
    ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-521'],
    ['-subj', '/CN=p521', '-days', '1'],
  ],
  [
    'Ed448 key, empty subject',
    ['-newkey', 'ed448'],
    ['-subj', '/', '-days', '1', '-addext', 'subjectAltName=DNS:x.example'],
  ],
];

describe('the strict DER fast path reads what asn1-schema reads', () => {
  it.each(PLAIN)('%s', (name, key, extra) => {
    const der = opensslCertificate(name.replace(/\W+/g, '-'), key, extra);
    const fast = readCertificateFieldsFast(der);
    expect(fast).toBeDefined();
    expect(fast).toEqual(readCertificateFieldsWithSchema(der));
  });

  it('certlab certificates, before and after 2050', async () => {
    for (const now of [new Date('2030-01-01T00:00:00Z'), new Date('2049-12-01T00:00:00Z')]) {
      const keys = await generateKeyPair('P-384');
      const root = await createRootCa(
        { subject: 'CN=Root,DC=jdk,DC=cms', keys, validityDays: 3650 },
        pkiContext({ now: () => now }),
      );
      const leaf = await issueLeafCertificate(
        {
          publicKey: (await generateKeyPair('P-256')).publicKey,
          issuer: { certificate: root, privateKey: keys.privateKey },
          profile: {
            subject: '',
            subjectAltNames: { dns: ['a.example'], ip: ['::1'], email: ['a@b.c'], uri: ['urn:a'] },
            validityDays: 100,
          },
        },
        pkiContext({ now: () => now }),
      );
      for (const der of [root.der, leaf.der]) {
        expect(readCertificateFieldsFast(der)).toEqual(readCertificateFieldsWithSchema(der));
      }
    }
  });

  it('leaves anything unusual to asn1-schema', () => {
    const otherName = opensslCertificate('other-name', EC, [
      '-subj',
      '/CN=other',
      '-days',
      '1',
      '-addext',
      'subjectAltName=otherName:1.3.6.1.4.1.311.20.2.3;UTF8:user@example',
    ]);
    expect(readCertificateFieldsFast(otherName)).toBeUndefined();
    expect(readCertificate(otherName).subject).toBe('CN=other');

    // 31 February in a UTCTime: a date that does not exist is not the fast path's to judge.
    const plain = opensslCertificate('feb', EC, ['-subj', '/CN=feb', '-days', '1']);
    expect(readCertificateFieldsFast(plain)).toBeDefined();
    expect(readCertificateFieldsFast(Buffer.concat([plain, Uint8Array.of(0)]))).toBeUndefined();
    const hex = Buffer.from(plain).toString('hex');
    const utcTime = /170d(3[0-9]{23}5a)/.exec(hex)![1]!;
    const february = Buffer.from(
      hex.replace(
        utcTime,
        Buffer.from(`${Buffer.from(utcTime, 'hex').toString().slice(0, 2)}0231000000Z`).toString(
          'hex',
        ),
      ),
      'hex',
    );
    expect(readCertificateFieldsFast(february)).toBeUndefined();
    expect(readCertificateFieldsWithSchema(february).notBefore.getUTCMonth()).toBe(2); // rolled over to March
  });
});
