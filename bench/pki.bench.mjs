// pki benchmark: per key type, complete leaf issuance per second (key generation + signing +
// PEM + thumbprint) beside the raw WebCrypto signature rate of the same key, so the library's
// overhead is visible. Single process, sequential: a per-core figure.
import { webcrypto } from 'node:crypto';
import { cpus } from 'node:os';
import { KEY_ALGORITHMS } from '@certlab/contracts';
import {
  createIssuingCa,
  createRootCa,
  generateKeyPair,
  issueLeafCertificate,
  signingAlgorithmFor,
} from '@certlab/pki';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const subtle = webcrypto.subtle;

/** Runs `fn` repeatedly for about `seconds` (at least `min` times); returns operations per second. */
async function rate(fn, seconds = SECONDS, min = 3) {
  await fn(); // warm-up
  const start = process.hrtime.bigint();
  let count = 0;
  let elapsed = 0;
  while (count < min || elapsed < seconds) {
    await fn();
    count++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return { perSecond: count / elapsed, count, msEach: (elapsed * 1000) / count };
}

async function issuerFor(algorithm) {
  const rootKeys = await generateKeyPair(algorithm);
  const root = await createRootCa({
    subject: `CN=bench ${algorithm} root`,
    keys: rootKeys,
    validityDays: 3650,
  });
  const keys = await generateKeyPair(algorithm);
  const certificate = await createIssuingCa({
    subject: `CN=bench ${algorithm} CA`,
    publicKey: keys.publicKey,
    issuer: { certificate: root, privateKey: rootKeys.privateKey },
    validityDays: 1825,
  });
  return { certificate, privateKey: keys.privateKey };
}

export async function run() {
  console.log(
    `node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} x${cpus().length}, ${SECONDS}s per measurement`,
  );
  const rows = [];
  for (const algorithm of KEY_ALGORITHMS) {
    // The issuer uses the same algorithm as the leaf: the signature measured is the one issuance makes.
    const issuer = await issuerFor(algorithm);
    const profile = {
      subject: 'CN=bench.example,O=certlab',
      subjectAltNames: { dns: ['bench.example'] },
      extendedKeyUsages: ['serverAuth', 'clientAuth'],
      validityDays: 90,
    };
    const keygen = await rate(
      () => generateKeyPair(algorithm),
      SECONDS,
      algorithm.startsWith('RSA') ? 3 : 10,
    );
    const issuance = await rate(async () => {
      const keys = await generateKeyPair(algorithm);
      const cert = await issueLeafCertificate({ publicKey: keys.publicKey, profile, issuer });
      if (cert.pem.length < 100 || cert.thumbprint.length !== 40)
        throw new Error('bad certificate');
    });
    const signOnly = await rate(
      async () => {
        const keys = await generateKeyPair(algorithm);
        await issueLeafCertificate({ publicKey: keys.publicKey, profile, issuer });
      },
      0,
      0,
    ).then(() => undefined); // keep the JIT equally warm for the next measurement
    void signOnly;
    const issuanceNoKeygen = await (async () => {
      const keys = await generateKeyPair(algorithm);
      return rate(async () => {
        const cert = await issueLeafCertificate({ publicKey: keys.publicKey, profile, issuer });
        if (cert.thumbprint.length !== 40) throw new Error('bad certificate');
      });
    })();
    const data = new Uint8Array(600); // about the size of a TBSCertificate
    const algorithmParams = signingAlgorithmFor(algorithm);
    const signParams =
      algorithmParams.name === 'ECDSA' ? algorithmParams : { name: algorithmParams.name };
    const rawSign = await rate(() => subtle.sign(signParams, issuer.privateKey, data));
    rows.push({
      key: algorithm,
      'keygen ms': keygen.msEach.toFixed(2),
      'issue/s (keygen+sign+PEM+thumbprint)': issuance.perSecond.toFixed(1),
      'issue/s (existing key)': issuanceNoKeygen.perSecond.toFixed(1),
      'raw sign/s': rawSign.perSecond.toFixed(0),
      'library overhead ms/cert': (
        1000 / issuanceNoKeygen.perSecond -
        1000 / rawSign.perSecond
      ).toFixed(3),
    });
  }
  console.table(rows);
}
