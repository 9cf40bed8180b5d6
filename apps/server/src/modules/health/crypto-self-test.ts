import { type KeyAlgorithm } from '@certlab/contracts';
import { createRootCa, generateKeyPair, type PkiContext, defaultPkiContext } from '@certlab/pki';

/** One key of each family the lab's PKIs use: RSA (legacy), ECDSA (new), Ed25519. */
export const SELF_TEST_ALGORITHMS: readonly KeyAlgorithm[] = [
  'RSA-2048',
  'P-256',
  'P-384',
  'Ed25519',
];

export interface CryptoSelfTestReport {
  passed: boolean;
  algorithms: KeyAlgorithm[];
  durationMs: number;
  failure?: string;
}

/**
 * A power-on self-test, as CA software runs before it signs anything: for each algorithm, make a
 * key, sign a throwaway self-signed certificate and check the signature. A Node build whose
 * WebCrypto lacks an algorithm (Ed25519 on an old runtime) fails here, at boot, rather than in
 * the middle of a renewal.
 */
export async function runCryptoSelfTest(
  ctx: PkiContext = defaultPkiContext,
): Promise<CryptoSelfTestReport> {
  const started = performance.now();
  const passed: KeyAlgorithm[] = [];
  for (const algorithm of SELF_TEST_ALGORITHMS) {
    try {
      const keys = await generateKeyPair(algorithm, ctx);
      const certificate = await createRootCa(
        { subject: `CN=certlab self-test ${algorithm}`, keys, validityDays: 1 },
        ctx,
      );
      if (
        certificate.keyAlgorithm !== algorithm ||
        !(await certificate.isSignedBy(certificate, ctx))
      ) {
        throw new Error('the self-signed certificate does not verify');
      }
      passed.push(algorithm);
    } catch (error) {
      return {
        passed: false,
        algorithms: passed,
        durationMs: Math.round(performance.now() - started),
        failure: `${algorithm}: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }
  return { passed: true, algorithms: passed, durationMs: Math.round(performance.now() - started) };
}
