import {
  createCsr,
  generateKeyPair,
  importPrivateKey,
  importPublicKey,
  issueLeafCertificate,
  isPkiError,
  MAX_ENCODED_BYTES,
  parseCsr,
  type PkiErrorCode,
  readCertificate,
  readCertificates,
  readCrl,
  pemEncode,
} from '../src';
import { makeCaPair } from './fixtures';
import { opensslOk, scratchDir } from './openssl';

/**
 * Hostile input, table-driven: every case must end in a typed PkiError with the expected code,
 * quickly, never in a crash, a generic Error or a hang.
 */
interface Fixtures {
  certPem: string;
  certDer: Uint8Array;
  csrPem: string;
  rsa1024Cert: string;
  p521Cert: string;
  ed448Cert: string;
  p521Key: string;
  rsa1024Key: string;
  dsaKey: string;
  p521Csr: string;
}

const dir = scratchDir();
let f: Fixtures;

beforeAll(async () => {
  const { issuing } = await makeCaPair('P-256');
  const keys = await generateKeyPair('P-256');
  const cert = await issueLeafCertificate({
    publicKey: keys.publicKey,
    profile: { subject: 'CN=x', validityDays: 1 },
    issuer: issuing,
  });
  const selfSigned = (algorithmArgs: string[], name: string) => {
    const key = dir.path(`${name}.key`);
    opensslOk(['genpkey', ...algorithmArgs, '-out', key]);
    return {
      key: opensslOk(['pkey', '-in', key]),
      cert: opensslOk(['req', '-x509', '-new', '-key', key, '-subj', `/CN=${name}`, '-days', '1']),
      csr: opensslOk(['req', '-new', '-key', key, '-subj', `/CN=${name}`]),
    };
  };
  const rsa1024 = selfSigned(['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024'], 'rsa1024');
  const p521 = selfSigned(['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-521'], 'p521');
  const ed448 = selfSigned(['-algorithm', 'ED448'], 'ed448');
  const dsaParams = dir.path('dsa.params');
  opensslOk([
    'genpkey',
    '-genparam',
    '-algorithm',
    'DSA',
    '-pkeyopt',
    'dsa_paramgen_bits:1024',
    '-out',
    dsaParams,
  ]);
  const dsaKey = opensslOk(['genpkey', '-paramfile', dsaParams]);
  f = {
    certPem: cert.pem,
    certDer: cert.der,
    csrPem: await createCsr({ subject: 'CN=csr', keys }),
    rsa1024Cert: rsa1024.cert,
    p521Cert: p521.cert,
    ed448Cert: ed448.cert,
    p521Key: p521.key,
    rsa1024Key: rsa1024.key,
    dsaKey,
    p521Csr: p521.csr,
  };
}, 60_000);
afterAll(() => dir.remove());

const body = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, '');
const der = (pem: string) => new Uint8Array(Buffer.from(body(pem), 'base64'));
const flipByte = (bytes: Uint8Array, fromEnd: number) => {
  const copy = Uint8Array.from(bytes);
  copy[copy.length - fromEnd] = (copy[copy.length - fromEnd] ?? 0) ^ 0xff;
  return copy;
};
const randomBytes = (n: number) => {
  // Deterministic "random" garbage: a failing case must reproduce.
  const out = new Uint8Array(n);
  let x = 0x12345678;
  for (let i = 0; i < n; i++) out[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  return out;
};

async function issueFor(certPem: string) {
  const { issuing } = await makeCaPair('P-256');
  const spki = readCertificate(certPem).subjectPublicKeyInfo;
  return issueLeafCertificate({
    publicKey: spki,
    profile: { subject: 'CN=weak', validityDays: 1 },
    issuer: issuing,
  });
}

type Case = [name: string, code: PkiErrorCode, run: () => unknown];
const cases: Case[] = [
  ['empty PEM text', 'MALFORMED_PEM', () => readCertificate('')],
  ['empty DER bytes', 'MALFORMED_DER', () => readCertificate(new Uint8Array())],
  [
    'PEM without END line (truncated)',
    'MALFORMED_PEM',
    () => readCertificate(f.certPem.split('\n').slice(0, 5).join('\n')),
  ],
  [
    'PEM whose END label differs',
    'MALFORMED_PEM',
    () => readCertificate(f.certPem.replace('END CERTIFICATE', 'END X509 CRL')),
  ],
  [
    'PEM with non-base64 characters',
    'MALFORMED_PEM',
    () => readCertificate(f.certPem.replace(/\n([A-Za-z])/, '\n!$1')),
  ],
  [
    'PEM with truncated base64',
    'MALFORMED_PEM',
    () =>
      readCertificate(
        pemEncode(f.certDer, 'CERTIFICATE').replace(/\n[^\n-]+\n-----END/, '\nAB=\n-----END'),
      ),
  ],
  ['PEM of the wrong kind (a CSR)', 'MALFORMED_PEM', () => readCertificate(f.csrPem)],
  [
    'PEM of a CSR relabelled as a certificate',
    'MALFORMED_DER',
    () => readCertificate(f.csrPem.replace(/CERTIFICATE REQUEST/g, 'CERTIFICATE')),
  ],
  [
    'DER truncated to half',
    'MALFORMED_DER',
    () => readCertificate(f.certDer.subarray(0, f.certDer.length >> 1)),
  ],
  [
    'DER truncated by one byte',
    'MALFORMED_DER',
    () => readCertificate(f.certDer.subarray(0, f.certDer.length - 1)),
  ],
  ['random bytes', 'MALFORMED_DER', () => readCertificate(randomBytes(1500))],
  [
    'a length field claiming 4 GB',
    'MALFORMED_DER',
    () => readCertificate(Uint8Array.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x01])),
  ],
  [
    '10,000 nested SEQUENCEs',
    'MALFORMED_DER',
    () => readCertificate(new Uint8Array(20_000).map((_, i) => (i % 2 === 0 ? 0x30 : 0x80))),
  ],
  [
    'oversized PEM text',
    'INPUT_TOO_LARGE',
    () => readCertificates('A'.repeat(MAX_ENCODED_BYTES + 1)),
  ],
  [
    'oversized DER bytes',
    'INPUT_TOO_LARGE',
    () => readCertificate(new Uint8Array(MAX_ENCODED_BYTES + 1).fill(0x30)),
  ],
  ['issuing for an RSA-1024 public key', 'UNSUPPORTED_KEY', () => issueFor(f.rsa1024Cert)],
  ['issuing for a P-521 public key', 'UNSUPPORTED_KEY', () => issueFor(f.p521Cert)],
  ['issuing for an Ed448 public key', 'UNSUPPORTED_KEY', () => issueFor(f.ed448Cert)],
  ['CSR with a bad signature', 'BAD_SIGNATURE', () => parseCsr(flipByte(der(f.csrPem), 3))],
  ['CSR truncated', 'MALFORMED_DER', () => parseCsr(der(f.csrPem).subarray(0, 40))],
  ['CSR with a P-521 key', 'UNSUPPORTED_KEY', () => parseCsr(f.p521Csr)],
  ['private key P-521', 'UNSUPPORTED_KEY', () => importPrivateKey(f.p521Key)],
  ['private key RSA-1024', 'UNSUPPORTED_KEY', () => importPrivateKey(f.rsa1024Key)],
  ['private key DSA', 'UNSUPPORTED_KEY', () => importPrivateKey(f.dsaKey)],
  ['private key that is random bytes', 'MALFORMED_DER', () => importPrivateKey(randomBytes(300))],
  [
    'public key that is a truncated SPKI',
    'MALFORMED_DER',
    () => importPublicKey(der(f.certPem).subarray(0, 20)),
  ],
  ['CRL that is random bytes', 'MALFORMED_DER', () => readCrl(randomBytes(500))],
  [
    'CRL PEM holding a certificate',
    'MALFORMED_DER',
    () => readCrl(f.certPem.replace(/CERTIFICATE/g, 'X509 CRL')),
  ],
];

describe('hostile input gives a typed error, never a crash or a hang', () => {
  it.each(cases)(
    '%s -> %s',
    async (_name, code, run) => {
      const started = Date.now();
      // Sync throws and rejected promises alike end up in `error`.
      const error = await Promise.resolve()
        .then(run)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeDefined();
      if (!isPkiError(error)) throw new Error(`expected a PkiError, got ${String(error)}`);
      expect(error.code).toBe(code);
      expect(error.message.length).toBeGreaterThan(5);
      expect(Date.now() - started).toBeLessThan(5_000);
    },
    10_000,
  );
});

describe('certificates with keys certlab does not issue for are still read', () => {
  it.each([
    ['rsa1024Cert', 'RSA-1024'],
    ['p521Cert', 'P-521'],
    ['ed448Cert', 'Ed448'],
  ] as const)('%s is described as %s', (fixture, description) => {
    const cert = readCertificate(f[fixture]);
    expect(cert.keyAlgorithm).toBeNull();
    expect(cert.publicKeyDescription).toBe(description);
    expect(cert.thumbprint).toMatch(/^[0-9A-F]{40}$/);
  });
});
