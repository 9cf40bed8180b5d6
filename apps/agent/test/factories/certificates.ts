import {
  buildPkcs12,
  type Certificate,
  createIssuingCa,
  createRootCa,
  exportPrivateKey,
  generateKeyPair,
  type Issuer,
  issueLeafCertificate,
  pkiContext,
} from '@certlab/pki';
import { type KeyAlgorithm } from '@certlab/contracts';

/** A leaf as a job would carry it: certificate, key, and the chain up to the root. */
export interface TestLeaf {
  certificate: Certificate;
  /** PKCS#8 DER. */
  privateKey: Uint8Array;
  /** Issuing CA, then root. */
  chain: Certificate[];
  thumbprint: string;
}

export interface TestPki {
  root: Certificate;
  issuing: Issuer;
  /** `issuedAt`: the issuer's now (validity starts just before it); real time by default. */
  issueLeaf(
    commonName: string,
    options?: { issuedAt?: Date; validityDays?: number },
  ): Promise<TestLeaf>;
}

/** A root and an issuing CA: the two-level hierarchy every agent test delivers from. */
export async function createTestHierarchy(
  algorithm: KeyAlgorithm = 'P-256',
  name = 'certlab Test',
): Promise<{ root: Certificate; issuing: Issuer }> {
  const rootKeys = await generateKeyPair(algorithm);
  const root = await createRootCa({
    subject: `CN=${name} Root`,
    keys: rootKeys,
    validityDays: 3650,
  });
  const issuingKeys = await generateKeyPair(algorithm);
  const issuingCertificate = await createIssuingCa({
    subject: `CN=${name} Issuing`,
    publicKey: issuingKeys.publicKey,
    issuer: { certificate: root, privateKey: rootKeys.privateKey },
    validityDays: 1825,
  });
  return { root, issuing: { certificate: issuingCertificate, privateKey: issuingKeys.privateKey } };
}

/** A two-level CA (P-256, fast) that issues server leaves. */
export async function createTestPki(): Promise<TestPki> {
  const { root, issuing } = await createTestHierarchy();
  return {
    root,
    issuing,
    async issueLeaf(commonName, options = {}) {
      const keys = await generateKeyPair('P-256');
      const { issuedAt } = options;
      const ctx = issuedAt ? pkiContext({ now: () => issuedAt }) : undefined;
      const certificate = await issueLeafCertificate(
        {
          publicKey: keys.publicKey,
          issuer: issuing,
          profile: {
            subject: `CN=${commonName}`,
            subjectAltNames: { dns: [commonName] },
            extendedKeyUsages: ['serverAuth'],
            validityDays: options.validityDays ?? 90,
          },
        },
        ctx,
      );
      return {
        certificate,
        privateKey: await exportPrivateKey(keys.privateKey),
        chain: [issuing.certificate, root],
        thumbprint: certificate.thumbprint,
      };
    },
  };
}

/** `JobCertificate.Contents` for a PFX job: base64 PKCS#12 with key and chain. */
export function pkcs12Contents(leaf: TestLeaf, password: string): string {
  const der = buildPkcs12(
    {
      certificates: [leaf.certificate.der, ...leaf.chain.map((certificate) => certificate.der)],
      privateKey: leaf.privateKey,
    },
    { password, iterations: 2_048 },
  );
  return Buffer.from(der).toString('base64');
}

/** `JobCertificate.Contents` for a certificate-only job: base64 DER. */
export function derContents(certificate: Certificate): string {
  return Buffer.from(certificate.der).toString('base64');
}
