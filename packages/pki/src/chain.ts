import { type Certificate } from './certificate';
import { defaultPkiContext, type PkiContext } from './context';
import { PkiError } from './errors';
import { privateKeyMatchesPublicKey } from './keys';

/** Longer chains than this are refused: no lab hierarchy is deeper, and it bounds the search. */
const MAX_CHAIN_LENGTH = 8;

/**
 * Orders a chain from the leaf up: each next certificate is one whose subject is the current
 * issuer, whose key identifier matches (when both are present) and whose key verifies the
 * signature. Stops at a self-issued certificate or when no issuer is in the pool.
 */
export async function buildChain(
  leaf: Certificate,
  pool: readonly Certificate[],
  ctx: PkiContext = defaultPkiContext,
): Promise<Certificate[]> {
  const chain = [leaf];
  let current = leaf;
  while (!current.isSelfIssued && chain.length < MAX_CHAIN_LENGTH) {
    const issuer = await findIssuer(current, pool, chain, ctx);
    if (!issuer) break;
    chain.push(issuer);
    current = issuer;
  }
  return chain;
}

async function findIssuer(
  child: Certificate,
  pool: readonly Certificate[],
  used: readonly Certificate[],
  ctx: PkiContext,
): Promise<Certificate | undefined> {
  for (const candidate of pool) {
    if (candidate.subject !== child.issuer) continue;
    if (used.some((c) => c.thumbprint === candidate.thumbprint)) continue;
    const keyIdsDiffer =
      child.authorityKeyIdentifier !== undefined &&
      candidate.subjectKeyIdentifier !== undefined &&
      child.authorityKeyIdentifier !== candidate.subjectKeyIdentifier;
    if (keyIdsDiffer) continue;
    if (await child.isSignedBy(candidate, ctx)) return candidate;
  }
  return undefined;
}

/**
 * RFC 5280-style path validation as certlab needs it: the chain must end at one of the trust
 * anchors, every signature verifies, every certificate is valid at `at`, every issuer is a CA
 * allowed to sign certificates, and path length constraints hold. Returns the chain, leaf first.
 */
export async function verifyChain(
  leaf: Certificate,
  options: {
    intermediates?: readonly Certificate[];
    trustAnchors: readonly Certificate[];
    at?: Date;
  },
  ctx: PkiContext = defaultPkiContext,
): Promise<Certificate[]> {
  const at = options.at ?? ctx.now();
  const chain = await buildChain(
    leaf,
    [...(options.intermediates ?? []), ...options.trustAnchors],
    ctx,
  );
  const top = chain[chain.length - 1] ?? leaf;
  if (!options.trustAnchors.some((anchor) => anchor.thumbprint === top.thumbprint)) {
    throw new PkiError(
      'CHAIN_INCOMPLETE',
      `no trusted root found for ${leaf.subject} (chain ends at ${top.subject})`,
    );
  }
  if (!(await top.isSignedBy(top, ctx))) {
    throw new PkiError('CHAIN_INVALID', `trust anchor ${top.subject} has a bad self-signature`);
  }
  for (const [index, cert] of chain.entries()) {
    if (!cert.isValidAt(at)) {
      throw new PkiError('CHAIN_INVALID', `${cert.subject} is not valid at ${at.toISOString()}`);
    }
    if (index === 0) continue;
    if (!cert.isCa || !cert.keyUsages.includes('keyCertSign')) {
      throw new PkiError('CHAIN_INVALID', `${cert.subject} is not allowed to issue certificates`);
    }
    // CA certificates between this one and the leaf, which its pathLenConstraint limits.
    const intermediatesBelow = index - 1;
    if (cert.pathLength !== undefined && intermediatesBelow > cert.pathLength) {
      throw new PkiError(
        'CHAIN_INVALID',
        `${cert.subject} allows ${cert.pathLength} CA certificates below it`,
      );
    }
  }
  return chain;
}

/** Whether the private key is the one for the certificate's public key. */
export async function certificateMatchesPrivateKey(
  certificate: Certificate,
  privateKey: CryptoKey,
  ctx: PkiContext = defaultPkiContext,
): Promise<boolean> {
  return privateKeyMatchesPublicKey(privateKey, certificate.subjectPublicKeyInfo, ctx);
}
