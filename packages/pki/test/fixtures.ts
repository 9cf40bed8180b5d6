import { type KeyAlgorithm } from '@certlab/contracts';
import {
  createIssuingCa,
  createRootCa,
  generateKeyPair,
  type Issuer,
  type PkiContext,
  defaultPkiContext,
} from '../src';

/** A root and an issuing CA, as the lab's legacy PKI has them. */
export async function makeCaPair(
  algorithm: KeyAlgorithm = 'P-256',
  ctx: PkiContext = defaultPkiContext,
): Promise<{ root: Issuer; issuing: Issuer }> {
  const rootKeys = await generateKeyPair(algorithm, ctx);
  const rootCert = await createRootCa(
    { subject: 'CN=jdk-Root,DC=jdk,DC=cms', keys: rootKeys, validityDays: 3650 },
    ctx,
  );
  const root = { certificate: rootCert, privateKey: rootKeys.privateKey };
  const issuingKeys = await generateKeyPair(algorithm, ctx);
  const issuingCert = await createIssuingCa(
    {
      subject: 'CN=jdk-CA1,DC=jdk,DC=cms',
      publicKey: issuingKeys.publicKey,
      issuer: root,
      validityDays: 1825,
    },
    ctx,
  );
  return { root, issuing: { certificate: issuingCert, privateKey: issuingKeys.privateKey } };
}
